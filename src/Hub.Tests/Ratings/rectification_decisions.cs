using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Ratings;
using OneThing.Hub.Infrastructure;
using Wolverine;
using static OneThing.Hub.Tests.Applications.Decisions.Cases;

namespace OneThing.Hub.Tests.Ratings;

/// <summary>The decisions of 好差评 as pure functions of (command, state, now), without a database.</summary>
public sealed class rectification_decisions
{
    private static readonly DateTimeOffset Due = Calendar.AddWorkingDays(Monday, 15);

    private static readonly RectificationOpened Opened = new("r1", Id, "newborn", "birth", "health", Window,
        RatingLevels.Dissatisfied, null, 15, Due, Monday);

    private static Rectification Open => Rectification.Create(Opened, TheCase);

    /// <summary>An application whose birth certificate is done; a joint service of two units beside it.</summary>
    private static Application Done(params PlannedService[] extra)
    {
        var state = Submitted(out _, [.. Plan.Take(1), .. extra]);
        foreach (var s in state.Services)
            state = state.Evolve(new ServiceCompleted(Id, s.Code, s.Plan.Department, [], null, 1, true, "x", Monday));
        return state;
    }

    [Theory]
    [InlineData("very-satisfied", "very-satisfied")]
    [InlineData("非常满意", "very-satisfied")]
    [InlineData(" 基本满意 ", "basically-satisfied")]
    [InlineData("不满意", "dissatisfied")]
    [InlineData("非常不满意", "very-dissatisfied")]
    [InlineData("好", null)]
    [InlineData("5", null)]
    [InlineData("Satisfied", null)]
    public void a_level_is_read_from_its_code_or_its_national_name(string given, string? code) =>
        Assert.Equal(code, RatingLevels.Parse(given));

    [Fact]
    public void a_good_rating_opens_nothing_and_a_bad_one_a_rectification_per_responsible_unit()
    {
        var joint = new PlannedService("joint", "联合踏勘", "planning-resources", [], 5,
            Units: ["planning-resources", "housing-urban-rural-development"], JointWork: "inspection");
        var state = Done(joint);

        var (_, good, goodStreams, goodMessages) = RateServiceEndpoint.Decide("joint", new RateService("满意"), state,
            "by", Monday, 15, Calendar);
        Assert.Empty(goodStreams);
        Assert.Empty(goodMessages);
        Assert.Equal(["planning-resources", "housing-urban-rural-development"],
            Assert.IsType<ServiceRated>(Assert.Single(good)).Departments);

        var (_, bad, streams, messages) = RateServiceEndpoint.Decide("joint", new RateService("非常不满意"), state,
            "by", Monday, 15, Calendar);
        var rated = Assert.IsType<ServiceRated>(Assert.Single(bad));
        Assert.Equal(2, streams.Count());
        Assert.Equal(2, rated.Rectifications.Distinct().Count());
        var due = messages.OfType<DeliveryMessage<RectificationDue>>().ToList();
        Assert.Equal(rated.Rectifications, due.Select(d => d.Message.RectificationId));
        Assert.All(due, d => Assert.Equal(Calendar.AddWorkingDays(Monday, 15), d.Message.DueAt));
        Assert.True(state.Evolve(rated).IsRated("joint"));
        Assert.False(state.Evolve(rated).IsRated("birth"));
    }

    [Fact]
    public void the_deadline_counts_the_configured_working_days()
    {
        var (_, events, _, messages) = RateServiceEndpoint.Decide("birth", new RateService("不满意"), Done(), "by",
            Monday, 3, Calendar);
        var rated = Assert.IsType<ServiceRated>(Assert.Single(events));
        var due = Assert.Single(messages.OfType<DeliveryMessage<RectificationDue>>()).Message;
        Assert.Equal(Assert.Single(rated.Rectifications), due.RectificationId);
        // Rated on a Monday morning, 3 working days: due at the end of Thursday in Beijing.
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 0, 0, 0, WorkingCalendar.Beijing), due.DueAt);
    }

    [Fact]
    public void a_rectification_goes_overdue_only_unanswered_past_its_own_deadline_and_once()
    {
        var due = new RectificationDue("r1", Due);
        var (events, messages) = RectificationDueHandler.Decide(due, Open, Due, "government-services");
        var overdue = Assert.IsType<RectificationOverdue>(Assert.Single(events));
        Assert.Equal(("health", Due), (overdue.Department, overdue.DueAt));
        Assert.Equal(2, messages.Count);   // the department and the coordinating office

        Assert.Empty(RectificationDueHandler.Decide(due, Open, Due.AddSeconds(-1)).Item1);           // not yet
        Assert.Empty(RectificationDueHandler.Decide(due, Open.Evolve(overdue), Due).Item1);          // once
        Assert.Empty(RectificationDueHandler.Decide(due with { DueAt = Due.AddDays(-1) }, Open, Due).Item1); // moved
        var replied = Open.Evolve(new RectificationReplied("r1", "health", "ok", true, "x", Monday));
        Assert.Empty(RectificationDueHandler.Decide(due, replied, Due).Item1);                       // answered
        var appealed = Open.Evolve(new RectificationAppealed("r1", "health", "no", 3, "x", Monday));
        Assert.Empty(RectificationDueHandler.Decide(due, appealed, Due).Item1);                      // paused
    }

    [Fact]
    public void an_appeal_stops_the_clock_and_a_refusal_gives_the_time_left_back()
    {
        var (_, appealedEvents, _) = AppealRectificationEndpoint.Decide(new AppealRectification("非本部门原因"), Open,
            "government-services", "health/key", Monday, Calendar);
        var appealed = Assert.IsType<RectificationAppealed>(Assert.Single(appealedEvents));
        Assert.Equal(Calendar.WorkingDaysBetween(Monday, Due), appealed.WorkingDaysLeft, 5);
        var state = Open.Evolve(appealed);

        var later = Monday.AddDays(7);
        var (_, decided, messages) = DecideRectificationAppealEndpoint.Decide(
            new DecideRectificationAppeal(false, "差评属实"), state, "government-services/key", later, Calendar);
        var refusal = Assert.IsType<RectificationAppealDecided>(Assert.Single(decided));
        Assert.Equal(Calendar.AddWorkingTime(later, appealed.WorkingDaysLeft), refusal.DueAt);
        Assert.True(refusal.DueAt > Due);
        var open = state.Evolve(refusal);
        Assert.Equal((RectificationStage.Open, refusal.DueAt!.Value, true), (open.Stage, open.DueAt, open.Appealed));
        Assert.Single(messages.OfType<DeliveryMessage<RectificationDue>>());

        var (_, upheldEvents, upheldMessages) = DecideRectificationAppealEndpoint.Decide(
            new DecideRectificationAppeal(true, "不计入"), state, "government-services/key", later, Calendar);
        Assert.Equal(RectificationStage.Annulled, state.Evolve(Assert.Single(upheldEvents)).Stage);
        Assert.Empty(upheldMessages.OfType<DeliveryMessage<RectificationDue>>());
    }

    [Fact]
    public void a_reply_is_in_time_up_to_the_deadline_and_late_after_it()
    {
        var reply = new ReplyToRectification(" 已整改 ");
        var inTime = Assert.IsType<RectificationReplied>(Assert.Single(
            ReplyToRectificationEndpoint.Decide(reply, Open, "health/key", Due).Item2));
        Assert.Equal((true, "已整改"), (inTime.InTime, inTime.Reply));
        var late = Assert.IsType<RectificationReplied>(Assert.Single(
            ReplyToRectificationEndpoint.Decide(reply, Open, "health/key", Due.AddTicks(1)).Item2));
        Assert.False(late.InTime);
    }
}
