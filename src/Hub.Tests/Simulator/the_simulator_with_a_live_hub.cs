using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Simulator;

/// <summary>The simulator's population as the hub meets it: its licences are in the hub, its registers answer the
/// hub's exchanges, and what its departments register (a newborn) is in both from then on.</summary>
[Collection(LiveHubCollection.Name)]
public sealed class the_simulator_with_a_live_hub(LiveHub live)
{
    private string Window => live.Keys.Departments[ApplicationScenarios.Window];

    private async Task<JsonElement> Sim(string path) =>
        await live.Http.GetFromJsonAsync<JsonElement>(new Uri(live.SimulatorUrl, path));

    [Fact]
    public async Task a_couple_s_identity_cards_are_in_the_hub_and_their_household_record_answers_an_exchange()
    {
        var couple = (await Sim("/sim/population/couples?limit=1")).GetProperty("couples")[0];
        var husband = couple.GetProperty("husband");
        var (id, address) = (husband.GetProperty("idNumber").GetString()!,
            husband.GetProperty("householdAddress").GetString()!);
        var card = husband.GetProperty("licences").EnumerateArray()
            .Single(l => l.GetProperty("type").GetString() == "resident-id-card");
        var licence = await live.Get<LicenceRecord>(live.Keys.Departments["public-security"],
            $"/api/licences/{card.GetProperty("licenceId").GetString()}");
        Assert.Equal((husband.GetProperty("name").GetString(), id),
            (licence.Document.Holder.Name, licence.Document.Holder.IdNumber));
        Assert.Equal(address, licence.Document.Fields["address"]);
        Assert.Equal(LicenceStatuses.Valid, licence.Status);

        var record = await Exchange("household-registration-record", new() { ["residentId"] = id });
        Assert.Equal(address, record.GetProperty("householdAddress").GetString());
        Assert.Equal(couple.GetProperty("householdNumber").GetString(),
            record.GetProperty("householdNumber").GetString());
    }

    [Fact]
    public async Task a_newborn_registered_by_public_security_joins_the_household_under_a_new_number()
    {
        // Another couple than the first test's, whose household this test changes.
        var couple = (await Sim("/sim/population/couples?limit=5")).GetProperty("couples").EnumerateArray().Last();
        var (mother, father) = (couple.GetProperty("wife"), couple.GetProperty("husband"));
        var thing = (await live.Get<OneThingDetail>(Window, "/api/one-things/newborn")).OneThing;
        var form = ApplicationScenarios.Form(thing);
        var name = father.GetProperty("name").GetString()![..1] + "沐晴";
        var born = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)).ToString("yyyy-MM-dd");
        form["newborn-name"] = name;
        form["newborn-sex"] = "女";
        form["newborn-birth-date"] = born;
        form["mother-name"] = mother.GetProperty("name").GetString()!;
        form["father-name"] = father.GetProperty("name").GetString()!;
        form["registration-household"] = "随父落户";
        var applicant = new Applicant(ApplicantKinds.Person, mother.GetProperty("idNumber").GetString()!,
            mother.GetProperty("name").GetString()!, mother.GetProperty("phone").GetString());
        using var submitted = await live.Post(Window, "/api/applications",
            new SubmitApplication("newborn", applicant, form));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<ApplicationAccepted>(HubJson.Options))!.ApplicationId;
        var status = await LiveHub.Eventually(() => live.Get<ApplicationStatus>(Window, $"/api/applications/{id}"),
            s => s.Services.Single(x => x.Code == "household-registration").State == ServiceStates.Completed,
            TimeSpan.FromSeconds(60), "household registration completed");

        var booklet = status.Services.Single(s => s.Code == "household-registration").Results!
            .Single(r => r.LicenceType == "household-register-booklet");
        var licence = await live.Get<LicenceRecord>(live.Keys.Departments["public-security"],
            $"/api/licences/{booklet.LicenceId}");
        var newborn = licence.Document.Holder.IdNumber;
        Assert.True(IdentityNumbers.IsResidentId(newborn), newborn);
        Assert.Equal(born.Replace("-", ""), newborn[6..14]);
        Assert.Equal(father.GetProperty("district").GetString(), newborn[..6]);
        Assert.Equal(name, licence.Document.Holder.Name);
        Assert.Equal(couple.GetProperty("householdAddress").GetString(), licence.Document.Fields["household-address"]);

        var member = (await Sim($"/sim/population/{newborn}")).GetProperty("entry");
        Assert.Equal(couple.GetProperty("householdNumber").GetString(),
            member.GetProperty("householdNumber").GetString());
        var record = await Exchange("household-registration-record", new() { ["residentId"] = newborn });
        Assert.Equal(name, record.GetProperty("name").GetString());
        Assert.Equal(father.GetProperty("name").GetString(), record.GetProperty("householderName").GetString());
    }

    [Fact]
    public async Task a_newborn_applied_for_with_only_the_parents_and_the_birth_fills_itself_over_real_http()
    {
        // A third couple: the form gives the parents' identities and the facts of the birth, nothing the hub holds.
        var couple = (await Sim("/sim/population/couples?limit=3")).GetProperty("couples")[2];
        var (mother, father) = (couple.GetProperty("wife"), couple.GetProperty("husband"));
        string Of(JsonElement p, string member) => p.GetProperty(member).GetString()!;
        var form = new Dictionary<string, string>
        {
            ["newborn-name"] = Of(father, "name")[..1] + "安然", ["newborn-sex"] = "男",
            ["newborn-birth-date"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)).ToString("yyyy-MM-dd"),
            ["mother-name"] = Of(mother, "name"), ["mother-resident-id"] = Of(mother, "idNumber"),
            ["father-name"] = Of(father, "name"), ["father-resident-id"] = Of(father, "idNumber"),
            ["residential-address"] = Of(couple, "householdAddress"), ["vaccination-unit"] = "社区卫生服务中心",
            ["registration-household"] = "随父落户", ["contact-address"] = Of(couple, "householdAddress"),
        };
        var applicant = new Applicant(ApplicantKinds.Person, Of(father, "idNumber"), Of(father, "name"),
            Of(father, "phone"));
        using var submitted = await live.Post(Window, "/api/applications",
            new SubmitApplication("newborn", applicant, form));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var accepted = (await submitted.Content.ReadFromJsonAsync<ApplicationAccepted>(HubJson.Options))!;
        // The ID card the simulator pushed names the applicant; the household register answered the address.
        Assert.Contains("applicant-name", accepted.FilledByHub);
        Assert.Contains("household-address", accepted.FilledByHub);

        var status = await LiveHub.Eventually(
            () => live.Get<ApplicationStatus>(Window, $"/api/applications/{accepted.ApplicationId}"),
            s => s.ResultsDeliveredAt is not null, TimeSpan.FromSeconds(90), "the newborn's application finished");
        Assert.Equal("completed", status.State);
        var booklet = status.Services.Single(s => s.Code == "household-registration").Results!
            .Single(r => r.LicenceType == "household-register-booklet");
        var newborn = (await live.Get<LicenceRecord>(live.Keys.Departments["public-security"],
            $"/api/licences/{booklet.LicenceId}")).Document.Holder.IdNumber;
        // The social security card went to the number the booklet gave: the later work item was filled from it.
        var card = status.Services.Single(s => s.Code == "social-security-card-application").Results!
            .Single(r => r.LicenceType == "social-security-card");
        var issued = await live.Get<LicenceRecord>(live.Keys.Departments["human-resources-social-security"],
            $"/api/licences/{card.LicenceId}");
        Assert.Equal(newborn, issued.Document.Holder.IdNumber);
        // And the exchange was a real one, of this case, answered by the provider's system.
        Assert.True(await live.Scalar("""
            select count(*) from hub.mt_events a join hub.mt_events x on x.correlation_id = a.correlation_id
            join hub.mt_events y on y.stream_id = x.stream_id and y.type = 'exchange_answered'
            where a.stream_id = @id and a.type = 'application_submitted' and x.type = 'exchange_requested'
            """, ("id", accepted.ApplicationId)) >= 1);
    }

    [Fact]
    public async Task a_department_told_to_reject_its_next_work_item_rejects_it_with_the_reason_given()
    {
        var applicant = ApplicationScenarios.Person(ApplicationScenarios.ResidentId("12010419900101002"));
        (await live.Http.PostAsync(new Uri(live.SimulatorUrl,
            "/sim/departments/health/reject?service=birth-medical-certificate&applicant=" + applicant.IdNumber
            + "&reason=" + Uri.EscapeDataString("出生医学证明信息与医院记录不符")), null)).EnsureSuccessStatusCode();
        var thing = (await live.Get<OneThingDetail>(Window, "/api/one-things/newborn")).OneThing;
        using var submitted = await live.Post(Window, "/api/applications",
            new SubmitApplication("newborn", applicant, ApplicationScenarios.Form(thing)));
        var id = (await submitted.Content.ReadFromJsonAsync<ApplicationAccepted>(HubJson.Options))!.ApplicationId;
        var status = await LiveHub.Eventually(() => live.Get<ApplicationStatus>(Window, $"/api/applications/{id}"),
            s => s.Services.Single(x => x.Code == "birth-medical-certificate").State == ServiceStates.Rejected,
            TimeSpan.FromSeconds(30), "the birth certificate rejected");
        Assert.Equal(["出生医学证明信息与医院记录不符"],
            status.Services.Single(x => x.Code == "birth-medical-certificate").Reasons);
    }

    [Fact]
    public async Task a_bad_rating_is_rectified_by_the_rated_department_and_followed_up_by_the_front_office()
    {
        var applicant = ApplicationScenarios.Person(ApplicationScenarios.ResidentId("12010419900101005"));
        (await live.Http.PostAsync(new Uri(live.SimulatorUrl,
            $"/sim/applicants/{applicant.IdNumber}/rating?level=dissatisfied"), null)).EnsureSuccessStatusCode();
        var thing = (await live.Get<OneThingDetail>(Window, "/api/one-things/newborn")).OneThing;
        using var submitted = await live.Post(Window, "/api/applications",
            new SubmitApplication("newborn", applicant, ApplicationScenarios.Form(thing)));
        var id = (await submitted.Content.ReadFromJsonAsync<ApplicationAccepted>(HubJson.Options))!.ApplicationId;
        var status = await LiveHub.Eventually(() => live.Get<ApplicationStatus>(Window, $"/api/applications/{id}"),
            s => s.ResultsDeliveredAt is not null, TimeSpan.FromSeconds(90), "the application finished");
        var finished = status.Services.Where(s => s.State is ServiceStates.Completed or ServiceStates.Rejected)
            .Select(s => s.Code).Order().ToList();
        Assert.NotEmpty(finished);

        // 一次一评: each finished service rated once, by the front office, as the applicant said.
        var cases = await LiveHub.Eventually(
            async () => (await live.Get<Page<RectificationStatus>>(live.Keys.Coordinator,
                "/api/rectifications?limit=200")).Items.Where(r => r.ApplicationId == id).ToList(),
            c => c.Select(r => r.Service).Distinct().Count() == finished.Count
                && c.All(r => r.State == RectificationStates.Closed),
            TimeSpan.FromSeconds(60), "every 差评 replied to and followed up");
        Assert.Equal(finished, cases.Select(r => r.Service).Distinct().Order());
        Assert.All(cases, r =>
        {
            Assert.Equal(RatingLevels.Dissatisfied, r.Level);
            Assert.Equal(ApplicationScenarios.Window, r.FrontOffice);
            Assert.NotNull(r.Reply);
            Assert.True(r.RepliedInTime);
            Assert.Equal(FollowUpResults.Resolved, r.FollowUp);
        });
        Assert.Equal(finished.Count, await live.Scalar(
            "select count(*) from hub.mt_events where stream_id = @id and type = 'service_rated'", ("id", id)));
    }

    /// <summary>An exchange by civil-affairs under a grant public-security approved, answered by the
    /// simulator.</summary>
    private async Task<JsonElement> Exchange(string resource, Dictionary<string, string> query)
    {
        var (consumer, provider) = ("civil-affairs", "public-security");
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd");
        using var requested = await live.Post(live.Keys.Departments[consumer], "/api/share-requests",
            new RequestShare(resource, "核验户籍登记信息", "《婚姻登记条例》第五条",
                ["residentId", "name", "householdNumber", "householderName", "householdAddress"], until));
        var request = (await requested.Content.ReadFromJsonAsync<ShareRequestStatus>(HubJson.Options))!;
        using (var approved = await live.Post(live.Keys.Departments[provider],
                   $"/api/share-requests/{request.Id}/approval", new ApproveShareRequest()))
            Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        using var exchanged = await live.Post(live.Keys.Departments[consumer], "/api/exchanges",
            new RequestExchange(request.Id, query));
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        return Assert.Single((await exchanged.Content.ReadFromJsonAsync<ExchangeResult>(HubJson.Options))!.Records!);
    }
}
