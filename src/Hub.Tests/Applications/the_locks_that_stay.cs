using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Applications;

/// <summary>
/// The writes to an application that lock its stream, and the race each lock is for. (Departments answering at
/// once: joint_processing.departments_answering_the_same_application_at_once_are_serialised_not_refused.)
/// </summary>
public sealed class the_locks_that_stay(HubFixture hub)
{
    [Fact]
    public async Task a_supplement_brought_while_the_other_departments_answer_is_serialised_not_refused()
    {
        var id = (await hub.Apply("enterprise-opening", Company())).ApplicationId;
        await hub.Outcome(id, "enterprise-establishment-registration", "market-regulation",
            new ServiceOutcome(Outcomes.Completed,
                Results: [new ServiceResultDocument("营业执照", "N1", "business-licence")]));
        var parallel = (await hub.Status(id)).Services.Where(s => s.State == ServiceStates.Dispatched).ToList();
        Assert.Equal(4, parallel.Count);
        var paused = parallel[0];
        await hub.Outcome(id, paused.Code, paused.Department,
            new ServiceOutcome(Outcomes.SupplementRequired, Missing: ["章程"]));

        var writes = parallel.Skip(1).Select(s => (Url: $"/api/applications/{id}/services/{s.Code}/outcome",
                Body: (object)new ServiceOutcome(Outcomes.Completed,
                    Results: [new ServiceResultDocument($"{s.Name}回执")]),
                Key: hub.Department(s.Department)))
            .Append(($"/api/applications/{id}/supplements", new ProvideSupplement(paused.Code, ["章程"]),
                hub.Department(Window)));
        var answers = await Task.WhenAll(writes.Select(w => hub.Host.Scenario(x =>
        {
            x.Post.Json(w.Body).ToUrl(w.Url);
            x.WithRequestHeader("Authorization", $"Bearer {w.Key}");
            x.IgnoreStatusCode();
        })));

        Assert.All(answers, a => Assert.Equal(202, a.Context.Response.StatusCode));
        var status = await hub.Status(id);
        Assert.Equal(ServiceStates.Accepted, status.Services.Single(s => s.Code == paused.Code).State);
        Assert.Equal(4, status.Services.Count(s => s.State == ServiceStates.Completed));   // the licence and three
    }
}
