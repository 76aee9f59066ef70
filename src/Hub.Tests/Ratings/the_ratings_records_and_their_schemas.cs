using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;
using static OneThing.Hub.Tests.Ratings.RatingScenarios;

namespace OneThing.Hub.Tests.Ratings;

public sealed class the_ratings_records_and_their_schemas(HubFixture hub)
{
    private static readonly Schemas Schemas = new(Path.Combine(Repo.Root(), "schemas"));

    private static void Valid<T>(T value)
    {
        var errors = Schemas.Validate(RequestSchemas.NameOf(typeof(T)),
            JsonSerializer.SerializeToElement(value, HubJson.Options));
        Assert.True(errors.Count == 0, $"{typeof(T).Name}: {JsonSerializer.Serialize(errors)}");
    }

    [Fact]
    public async Task every_record_of_ratings_and_targets_the_hub_answers_with_validates_against_its_schema()
    {
        var id = await hub.FinishedService();
        var rating = (await hub.Rate(id, "不满意", comment: "材料告知不全")).Read<ServiceRating>();
        var open = await hub.Rectification(rating.Rectifications[0]);
        var notice = (await hub.Notices(Rated, open.Id))[0];
        await hub.Act(open.Id, "reply", new ReplyToRectification("已整改"), hub.Department(Rated));
        await hub.Act(open.Id, "follow-up", new FollowUpRectification(FollowUpResults.Resolved, "认可"),
            hub.Keys.Coordinator);
        var closed = await hub.Rectification(open.Id);
        var appealed = await hub.BadRating();
        await hub.Act(appealed.Id, "appeal", new AppealRectification("非本部门原因"), hub.Department(Rated));
        await hub.Act(appealed.Id, "appeal/decision", new DecideRectificationAppeal(true, "不计入"),
            hub.Keys.Coordinator);
        var annulled = await hub.Rectification(appealed.Id);
        await Marten.Events.TestingExtensions.WaitForNonStaleProjectionDataAsync(hub.Host, TimeSpan.FromSeconds(30));
        var metrics = (await hub.Host.Get("/api/metrics/ratings", hub.Keys.DataCentre)).Read<RatingMetricsList>();
        var targets = (await hub.Host.Get("/api/metrics/targets", hub.Keys.DataCentre)).Read<TargetList>();
        var summary = (await hub.Host.Get("/api/metrics/dashboard", hub.Keys.DataCentre)).Read<DashboardSummary>();

        Valid(rating);
        Valid(open);
        Valid(closed);
        Valid(annulled);
        Valid(notice);
        Valid(metrics);
        metrics.Departments.ToList().ForEach(Valid);
        Valid(metrics.Departments[0].Levels);
        Valid(targets);
        targets.Targets.ToList().ForEach(Valid);
        Valid(summary);
        Valid(summary.Ratings!);
        Valid(new RateService("非常满意", "好"));
        Valid(new ReplyToRectification("已整改"));
        Valid(new AppealRectification("非本部门原因"));
        Valid(new DecideRectificationAppeal(false, "差评属实"));
        Valid(new FollowUpRectification(FollowUpResults.Unresolved));
    }
}
