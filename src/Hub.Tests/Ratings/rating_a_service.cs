using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Ratings;

public sealed class rating_a_service(HubFixture hub)
{
    [Fact]
    public async Task a_front_office_rates_a_finished_service_once_on_the_national_levels()
    {
        var id = await hub.FinishedService();

        var rating = (await hub.Rate(id, "满意", comment: "办得快")).Read<ServiceRating>();

        Assert.Equal((RatingLevels.Satisfied, "满意"), (rating.Level, rating.LevelName));
        Assert.Equal([RatingScenarios.Rated], rating.Departments);
        Assert.Empty(rating.Rectifications);
        Assert.Equal("办得快", rating.Comment);
        var before = await hub.EventCount();
        (await hub.Rate(id, RatingLevels.VerySatisfied, 409)).Problem();   // 一次一评
        Assert.Equal(before, await hub.EventCount());

        var other = await hub.FinishedService();
        Assert.Equal("非常满意", (await hub.Rate(other, RatingLevels.VerySatisfied)).Read<ServiceRating>().LevelName);
    }

    [Fact]
    public async Task only_its_front_office_rates_and_only_a_finished_service_of_the_application()
    {
        var open = (await hub.Apply("newborn", Person(), [RatingScenarios.Service])).ApplicationId;
        var done = await hub.FinishedService();
        var before = await hub.EventCount();

        (await hub.Rate(open, "满意", 409)).Problem();
        (await hub.Rate(done, "满意", 404, service: "no-such-service")).Problem();
        (await hub.Rate(done, "满意", 403, key: hub.Department("district-heping"))).Problem();
        (await hub.Rate(done, "满意", 403, key: hub.Department(RatingScenarios.Rated))).Problem();
        await hub.Rate(done, "满意", 403, key: hub.Keys.Coordinator);
        await hub.Rate(done, "满意", 403, key: hub.Keys.DataCentre);
        await hub.Rate(done, "满意", 401, key: "otk_0123456789abcdef.nope");
        await hub.Rate(Guid.NewGuid().ToString(), "满意", 404);
        Assert.Equal(before, await hub.EventCount());
    }

    [Theory]
    [InlineData("""{"level":"好"}""", "level")]
    [InlineData("""{"level":"very satisfied"}""", "level")]
    [InlineData("""{"level":"满意","comment":""}""", null)]
    [InlineData("""{"level":5}""", null)]
    [InlineData("""{}""", null)]
    [InlineData("""{"level":"满意","stars":5}""", null)]
    [InlineData("""[]""", null)]
    public async Task bad_input_is_400_with_its_field_and_stores_nothing(string body, string? field)
    {
        var id = await hub.FinishedService();
        var before = await hub.EventCount();

        var problem = (await hub.Host.PostRaw($"/api/applications/{id}/services/{RatingScenarios.Service}/rating",
            body, hub.Department(Window), 400)).Problem();

        // What the schema checks names its field; what cannot be read as the record at all is a 400 as a whole.
        if (field is not null) Assert.Contains(problem.Errors.Keys, k => k.Contains(field));
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public async Task a_comment_longer_than_a_thousand_characters_is_400_and_stores_nothing()
    {
        var id = await hub.FinishedService();
        var before = await hub.EventCount();
        (await hub.Rate(id, "满意", 400, comment: new string('长', 1001))).Problem();
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public async Task the_rating_of_the_whole_application_still_works_beside_the_services_ratings()
    {
        var id = await hub.FinishedService();
        await hub.Rate(id, RatingLevels.BasicallySatisfied);
        await hub.Host.Post($"/api/applications/{id}/rating", new RateApplication(4, "还行"), hub.Department(Window),
            202);
        Assert.Equal(4, (await hub.Status(id)).Rating);
    }

    [Fact]
    public async Task a_rating_and_an_outcome_at_the_same_moment_both_succeed()
    {
        // The rating locks the application's stream as an outcome does: neither refuses the other with a 409.
        var id = (await hub.Apply("newborn", Person(), [RatingScenarios.Service, "household-registration"]))
            .ApplicationId;
        await hub.Outcome(id, RatingScenarios.Service, RatingScenarios.Rated, RatingScenarios.Done());
        var next = Assert.Single((await hub.Status(id)).Services, s => s.State == ServiceStates.Dispatched);

        var answers = await Task.WhenAll(
            hub.Host.Scenario(x =>
            {
                x.Post.Json(new RateService("满意")).ToUrl($"/api/applications/{id}/services/"
                                                          + $"{RatingScenarios.Service}/rating");
                x.WithRequestHeader("Authorization", $"Bearer {hub.Department(Window)}");
                x.IgnoreStatusCode();
            }),
            hub.Host.Scenario(x =>
            {
                x.Post.Json(new ServiceOutcome(Outcomes.Accepted)).ToUrl($"/api/applications/{id}/services/"
                                                                         + $"{next.Code}/outcome");
                x.WithRequestHeader("Authorization", $"Bearer {hub.Department(next.Department)}");
                x.IgnoreStatusCode();
            }));

        Assert.Equal([201, 202], answers.Select(a => a.Context.Response.StatusCode));
        Assert.Equal(ServiceStates.Accepted, (await hub.Status(id)).Services.Single(s => s.Code == next.Code).State);
    }

    [Fact]
    public async Task two_ratings_of_one_service_at_the_same_moment_are_one_rating_and_one_409()
    {
        var id = await hub.FinishedService();
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => hub.Host.Scenario(x =>
        {
            x.Post.Json(new RateService("非常不满意")).ToUrl($"/api/applications/{id}/services/"
                                                          + $"{RatingScenarios.Service}/rating");
            x.WithRequestHeader("Authorization", $"Bearer {hub.Department(Window)}");
            x.IgnoreStatusCode();
        })));
        Assert.Equal([201, 409], answers.Select(a => a.Context.Response.StatusCode).Order());
        var list = await hub.All(hub.Keys.Coordinator, $"&department={RatingScenarios.Rated}");
        Assert.Single(list, r => r.ApplicationId == id);
    }
}
