using Alba;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Applications;

/// <summary>The metadata policy, not the endpoints, puts a department's answer into the case it answers.</summary>
public sealed class one_correlation_per_case(HubFixture hub)
{
    private Task<IScenarioResult> Send(string url, object body, string department, string correlation) =>
        hub.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(department)}");
            s.WithRequestHeader(Correlation.Header, correlation);
            s.StatusCodeShouldBe(202);
        });

    [Fact]
    public async Task an_answer_sent_with_its_own_correlation_joins_the_cases()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate", "household-registration"]))
            .ApplicationId;
        var birth = (await hub.Inbox("health", id)).Single();
        var theirs = $"health-system-{Guid.NewGuid():N}";

        var answer = await Send($"/api/applications/{id}/services/birth-medical-certificate/outcome",
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("出生医学证明", "Q1")]),
            "health", theirs);

        Assert.Equal(birth.CorrelationId, answer.Context.Response.Headers[Correlation.Header].ToString());
        var household = (await hub.Inbox("public-security", id)).Single();
        Assert.Equal(birth.CorrelationId, household.CorrelationId);
        await using var session = hub.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        Assert.All(events, e => Assert.Equal(birth.CorrelationId, e.CorrelationId));
        Assert.Contains(events, e => e.Data is ServiceCompleted);
        var underTheirs = await session.Events.QueryAllRawEvents().Where(e => e.CorrelationId == theirs).ToListAsync();
        Assert.DoesNotContain(underTheirs, e => e.StreamKey == id);
    }

    [Fact]
    public async Task a_refused_answer_keeps_the_requests_own_correlation()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        var theirs = $"tax-system-{Guid.NewGuid():N}";
        var refused = await hub.Host.Scenario(s =>
        {
            s.Post.Json(new ServiceOutcome(Outcomes.Accepted))
                .ToUrl($"/api/applications/{id}/services/birth-medical-certificate/outcome");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department("tax")}");
            s.WithRequestHeader(Correlation.Header, theirs);
            s.StatusCodeShouldBe(403);
        });
        Assert.Equal(theirs, refused.Context.Response.Headers[Correlation.Header].ToString());
    }
}
