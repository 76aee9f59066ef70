using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Platform;

public sealed class idempotency_keys(HubFixture hub)
{
    private Task<Alba.IScenarioResult> Submit(SubmitApplication request, string key, int status) =>
        hub.Host.Scenario(s =>
        {
            s.Post.Json(request).ToUrl("/api/applications");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(ApplicationScenarios.Window)}");
            s.WithRequestHeader("Idempotency-Key", key);
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task the_same_key_and_body_give_the_same_answer_and_no_second_application()
    {
        var person = ApplicationScenarios.Person(ApplicationScenarios.ResidentId("12010519880808008"));
        var request = new SubmitApplication(
            "newborn",
            person,
            await hub.FormFor("newborn", ["birth-medical-certificate"]),
            ["birth-medical-certificate"]
        );
        var key = Guid.NewGuid().ToString();

        var first = (await Submit(request, key, 201)).Read<ApplicationAccepted>();
        var again = await Submit(request, key, 201);
        Assert.Equal(first.ApplicationId, again.Read<ApplicationAccepted>().ApplicationId);
        Assert.Equal("true", again.Context.Response.Headers["Idempotent-Replayed"].ToString());

        await using var session = hub.Store.QuerySession();
        var submitted = await session
            .Events.QueryRawEventDataOnly<ApplicationSubmitted>()
            .Where(e => e.Applicant.IdNumber == person.IdNumber)
            .ToListAsync();
        Assert.Single(submitted);

        (
            await Submit(request with { Services = ["birth-medical-certificate", "vaccination-certificate"] }, key, 422)
        ).Problem();
    }
}
