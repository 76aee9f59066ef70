using System.Net.Http.Json;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Applications;

/// <summary>The hub and the simulated department systems as separate processes, over real HTTP.</summary>
[Collection(LiveHubCollection.Name)]
public sealed class end_to_end_with_the_simulator(LiveHub live)
{
    private string Window => live.Keys.Departments[ApplicationScenarios.Window];

    private async Task<string> Submit(string oneThing, Applicant applicant)
    {
        var thing = (await live.Get<OneThingDetail>(Window, $"/api/one-things/{oneThing}")).OneThing;
        var form = ApplicationScenarios.Form(thing);
        using var response = await live.Post(Window, "/api/applications",
            new SubmitApplication(oneThing, applicant, form));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ApplicationAccepted>(HubJson.Options))!.ApplicationId;
    }

    private Task<ApplicationStatus> Finished(string id, TimeSpan within) =>
        LiveHub.Eventually(() => live.Get<ApplicationStatus>(Window, $"/api/applications/{id}"),
            s => s.ResultsDeliveredAt is not null, within, $"application {id} finished");

    private Task<long> Events(string id, string type) =>
        live.Scalar("select count(*) from hub.mt_events where stream_id = @id and type = @type", ("id", id),
            ("type", type));

    [Fact]
    public async Task a_newborn_with_all_five_services_goes_through_every_department_and_back_once()
    {
        var id = await Submit("newborn", Person());
        var status = await Finished(id, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", status.State);
        Assert.All(status.Services, s => Assert.Equal(ServiceStates.Completed, s.State));
        var birth = status.Services.Single(s => s.Code == "birth-medical-certificate");
        var household = status.Services.Single(s => s.Code == "household-registration");
        Assert.True(birth.Since <= household.Since, "the birth certificate is completed before household registration");
        Assert.Equal(1, await Events(id, "application_results_delivered"));
        Assert.Equal(5, await Events(id, "service_completed"));
        // The front office received the results exactly once on its webhook (delivered just after the application
        // finished).
        const string delivered = """
            select count(*) from hub.mt_events
            where type = 'message_delivered' and data->>'department' = 'government-services'
              and data->>'messageId' = (select data->>'messageId' from hub.mt_events
                                        where stream_id = @id and type = 'application_results_delivered')
            """;
        await LiveHub.Eventually(() => live.Scalar(delivered, ("id", id)), n => n >= 1, TimeSpan.FromSeconds(15),
            "the results delivered");
        await Task.Delay(500);
        Assert.Equal(1, await live.Scalar(delivered, ("id", id)));
    }

    [Fact]
    public async Task an_enterprise_is_opened_across_five_departments()
    {
        var id = await Submit("enterprise-opening", Company());
        var status = await Finished(id, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", status.State);
        Assert.Equal(5, status.Services.Count);
    }

    [Fact]
    public async Task
        a_department_down_for_a_while_gets_its_work_after_the_dead_letters_are_replayed_and_nothing_twice()
    {
        // public-security's system is down: its webhook answers 503 until the retries are spent.
        // Down long enough to outlast the submission (its household-record exchange to public-security waits for
        // an answer that cannot come) and the work item's retries after the birth certificate.
        var down = System.Diagnostics.Stopwatch.StartNew();
        (await live.Http.PostAsync(new Uri(live.SimulatorUrl, "/sim/departments/public-security/down?seconds=10"),
            null)).EnsureSuccessStatusCode();
        var id = await Submit("newborn", Person());

        var letters = await LiveHub.Eventually(
            () => live.Get<DeadLetterList>(live.Keys.Coordinator, "/api/dead-letters?department=public-security"),
            l => l.DeadLetters.Any(d => d.Kind == MessageKinds.WorkItem), TimeSpan.FromSeconds(30),
            "a dead-lettered work item");
        Assert.True(await live.Scalar("""
            select count(*) from hub.mt_events
            where type = 'delivery_attempt_failed' and data->>'department' = 'public-security'
            """) >= 3);

        var back = TimeSpan.FromSeconds(10.5) - down.Elapsed;
        if (back > TimeSpan.Zero) await Task.Delay(back);   // the system is back
        using var replay = await live.Post(live.Keys.Coordinator, "/api/dead-letters/replay",
            new ReplayDeadLetters(letters.DeadLetters.Where(d => d.Kind == MessageKinds.WorkItem)
                .Select(d => d.Id).ToList()));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, replay.StatusCode);

        var status = await Finished(id, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", status.State);
        Assert.Equal(1, await live.Scalar("""
            select count(*) from hub.mt_events
            where stream_id = @id and type = 'service_completed' and data->>'service' = 'household-registration'
            """, ("id", id)));
        var stats = await live.Http.GetFromJsonAsync<Dictionary<string, int>>(new Uri(live.SimulatorUrl, "/sim/stats"));
        Assert.Equal(0, stats!["refused"]);
    }

    [Fact]
    public async Task an_exchange_is_routed_to_the_providers_system_and_back_with_only_the_granted_fields()
    {
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd");
        using var requested = await live.Post(live.Keys.Departments["tax"], "/api/share-requests",
            new RequestShare("enterprise-registration-record", "核验纳税人登记信息", "《税收征收管理法》第十五条",
                ["uscc", "enterpriseName"], until));
        var grant = (await requested.Content.ReadFromJsonAsync<ShareRequestStatus>(HubJson.Options))!;
        Assert.Equal(ShareStates.Granted, grant.State);

        // An enterprise of the simulator's population: market-regulation's register holds its record.
        var population = await live.Http.GetFromJsonAsync<System.Text.Json.JsonElement>(
            new Uri(live.SimulatorUrl, "/sim/population?kind=enterprise&limit=1"));
        var enterprise = population.GetProperty("entries")[0];
        using var exchanged = await live.Post(live.Keys.Departments["tax"], "/api/exchanges",
            new RequestExchange(grant.Id,
                new Dictionary<string, string> { ["uscc"] = enterprise.GetProperty("idNumber").GetString()! }));
        Assert.Equal(System.Net.HttpStatusCode.OK, exchanged.StatusCode);
        var result = (await exchanged.Content.ReadFromJsonAsync<ExchangeResult>(HubJson.Options))!;
        var record = Assert.Single(result.Records!);
        Assert.Equal(["enterpriseName", "uscc"], record.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(enterprise.GetProperty("name").GetString(), record.GetProperty("enterpriseName").GetString());
        Assert.True(await live.Scalar("""
            select count(*) from hub.mt_events
            where stream_id = @id and type = 'exchange_answered' and jsonb_array_length(data->'fieldsRemoved') > 0
            """, ("id", result.Id)) == 1,
            "the simulated provider returned every field; the hub removed those not granted");
    }
}
