using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Ratings;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using Wolverine.Tracking;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;
using static OneThing.Hub.Tests.Ratings.RatingScenarios;

namespace OneThing.Hub.Tests.Ratings;

public sealed class rectifying_a_bad_rating(HubFixture hub)
{
    private WorkingCalendar Calendar => hub.Host.Services.GetRequiredService<WorkingCalendar>();
    private string Health => hub.Department(Rated);
    private string FrontOffice => hub.Department(Window);

    [Fact]
    public async Task a_bad_rating_opens_a_rectification_for_the_rated_department_with_its_deadline()
    {
        var id = await hub.FinishedService();
        var rating = (await hub.Rate(id, "非常不满意", comment: "等了很久")).Read<ServiceRating>();

        var rectification = await hub.Rectification(Assert.Single(rating.Rectifications));
        Assert.Equal((id, Service, Rated, Window), (rectification.ApplicationId, rectification.Service,
            rectification.Department, rectification.FrontOffice));
        Assert.Equal((RatingLevels.VeryDissatisfied, "非常不满意", "等了很久"),
            (rectification.Level, rectification.LevelName, rectification.Comment));
        Assert.Equal((RectificationStates.Open, false, 15), (rectification.State, rectification.Overdue,
            rectification.WorkingDays));
        Assert.Equal(rating.RatedAt, rectification.OpenedAt);
        // 15 working days by the published calendar: the end (24:00 Beijing time) of the 15th after the rating.
        Assert.Equal(Calendar.AddWorkingDays(rating.RatedAt, 15), rectification.DueAt);
        Assert.True(rectification.DueAt - rating.RatedAt >= TimeSpan.FromDays(19));

        var notice = Assert.Single(await hub.Notices(Rated, rectification.Id, MessageKinds.RectificationOpened));
        Assert.Equal((MessageKinds.RectificationOpened, rectification.Id, rectification.DueAt,
            $"/api/rectifications/{rectification.Id}"), (notice.Event, notice.RectificationId, notice.DueAt,
            notice.Location));
        var open = await hub.All(hub.Keys.Coordinator, $"&department={Rated}&state=open");
        Assert.Contains(open, r => r.Id == rectification.Id);

        // The case keeps one correlation id: the rectification's events carry the application's.
        await using var session = hub.Store.QuerySession();
        var submitted = (await session.Events.FetchStreamAsync(id))[0];
        var opened = (await session.Events.FetchStreamAsync(rectification.Id))[0];
        Assert.Equal(submitted.CorrelationId, opened.CorrelationId);
    }

    [Fact]
    public async Task a_good_rating_opens_nothing()
    {
        var id = await hub.FinishedService();
        var rating = (await hub.Rate(id, "基本满意")).Read<ServiceRating>();
        Assert.Empty(rating.Rectifications);
        Assert.DoesNotContain(await hub.All(hub.Keys.Coordinator, $"&department={Rated}"), r => r.ApplicationId == id);
    }

    [Fact]
    public async Task an_unanswered_rectification_goes_overdue_once_and_the_coordinating_office_hears_of_it()
    {
        var rectification = await hub.BadRating();
        var due = new RectificationDue(rectification.Id, rectification.DueAt);
        await hub.Host.InvokeMessageAndWaitAsync(due);   // the deadline has not come: nothing happens
        Assert.False((await hub.Rectification(rectification.Id)).Overdue);

        hub.Clock.Advance(TimeSpan.FromDays(40));
        try
        {
            await hub.Host.InvokeMessageAndWaitAsync(due);
            await hub.Host.InvokeMessageAndWaitAsync(due);   // once only

            var overdue = await hub.Rectification(rectification.Id);
            Assert.Equal((RectificationStates.Open, true), (overdue.State, overdue.Overdue));
            Assert.Contains(await hub.All(Health, "&overdue=true"), r => r.Id == rectification.Id);
            Assert.DoesNotContain(await hub.All(Health, "&overdue=false"), r => r.Id == rectification.Id);
            Assert.Contains(await hub.Notices("government-services", rectification.Id,
                MessageKinds.RectificationOverdue), n => n.Event == MessageKinds.RectificationOverdue);
            await using (var session = hub.Store.QuerySession())
                Assert.Single((await session.Events.FetchStreamAsync(rectification.Id)).Select(e => e.Data)
                    .OfType<RectificationOverdue>());

            // A late reply is still a reply, marked late.
            await hub.Act(rectification.Id, "reply", new ReplyToRectification("已约谈窗口人员"), Health);
            var replied = await hub.Rectification(rectification.Id);
            Assert.Equal((RectificationStates.Replied, false, false), (replied.State, replied.Overdue,
                replied.RepliedInTime));
        }
        finally
        {
            hub.Clock.Advance(TimeSpan.FromDays(-40));
        }
    }

    [Fact]
    public async Task the_department_replies_and_the_front_office_follows_up()
    {
        var rectification = await hub.BadRating();
        var reply = new ReplyToRectification("已对窗口人员培训，优化告知单");
        var before = await hub.EventCount();
        (await hub.Act(rectification.Id, "reply", reply, hub.Department("tax"), 403)).Problem();
        (await hub.Act(rectification.Id, "reply", reply, FrontOffice, 403)).Problem();
        await hub.Act(rectification.Id, "reply", reply, hub.Keys.Coordinator, 403);
        (await hub.Act(rectification.Id, "follow-up", new FollowUpRectification(FollowUpResults.Resolved),
            FrontOffice, 409)).Problem();   // nothing to follow up before the reply
        Assert.Equal(before, await hub.EventCount());

        await hub.Act(rectification.Id, "reply", reply, Health);
        var replied = await hub.Rectification(rectification.Id, FrontOffice);
        Assert.Equal((RectificationStates.Replied, reply.Reply, true), (replied.State, replied.Reply,
            replied.RepliedInTime));
        Assert.Contains(await hub.Notices(Window, rectification.Id, MessageKinds.RectificationReplied),
            n => n.Event == MessageKinds.RectificationReplied);
        (await hub.Act(rectification.Id, "reply", reply, Health, 409)).Problem();

        var followUp = new FollowUpRectification(FollowUpResults.Resolved, "申请人表示认可");
        (await hub.Act(rectification.Id, "follow-up", followUp, hub.Department("tax"), 403)).Problem();
        (await hub.Act(rectification.Id, "follow-up", followUp, Health, 403)).Problem();
        await hub.Act(rectification.Id, "follow-up", followUp, FrontOffice);
        var closed = await hub.Rectification(rectification.Id, hub.Keys.Coordinator);
        Assert.Equal((RectificationStates.Closed, FollowUpResults.Resolved, "申请人表示认可"),
            (closed.State, closed.FollowUp, closed.FollowUpNote));
        (await hub.Act(rectification.Id, "follow-up", followUp, FrontOffice, 409)).Problem();
    }

    [Fact]
    public async Task an_appeal_reaches_the_coordinating_office_which_upholds_it()
    {
        var rectification = await hub.BadRating();
        var appeal = new AppealRectification("该差评针对的是申请人自身材料问题，非本部门原因");
        (await hub.Act(rectification.Id, "appeal", appeal, FrontOffice, 403)).Problem();
        await hub.Act(rectification.Id, "appeal", appeal, hub.Keys.Coordinator, 403);

        await hub.Act(rectification.Id, "appeal", appeal, Health);

        var appealed = await hub.Rectification(rectification.Id, hub.Keys.Coordinator);
        Assert.Equal((RectificationStates.Appealed, appeal.Reason), (appealed.State, appealed.Appeal));
        Assert.Contains(await hub.All(hub.Keys.Coordinator, "&state=appealed"), r => r.Id == rectification.Id);
        var notice = Assert.Single(await hub.Notices("government-services", rectification.Id,
            MessageKinds.RectificationAppealed), n => n.Event == MessageKinds.RectificationAppealed);
        Assert.Equal(RectificationStates.Appealed, notice.State);
        (await hub.Act(rectification.Id, "reply", new ReplyToRectification("x"), Health, 409)).Problem();
        (await hub.Act(rectification.Id, "appeal", appeal, Health, 409)).Problem();

        var decision = new DecideRectificationAppeal(true, "经核实，差评非部门原因，不计入");
        await hub.Act(rectification.Id, "appeal/decision", decision, Health, 403);
        await hub.Act(rectification.Id, "appeal/decision", decision, hub.Keys.Coordinator);
        var annulled = await hub.Rectification(rectification.Id);
        Assert.Equal((RectificationStates.Annulled, true, decision.Decision), (annulled.State, annulled.AppealUpheld,
            annulled.AppealDecision));
        Assert.Contains(await hub.Notices(Rated, rectification.Id, MessageKinds.RectificationAppealDecided),
            n => n.Event == MessageKinds.RectificationAppealDecided);
        (await hub.Act(rectification.Id, "appeal/decision", decision, hub.Keys.Coordinator, 409)).Problem();
    }

    [Fact]
    public async Task a_refused_appeal_gives_back_the_time_left_and_the_coordinator_may_follow_up()
    {
        var rectification = await hub.BadRating();
        await hub.Act(rectification.Id, "appeal", new AppealRectification("非本部门原因"), Health);
        await hub.Act(rectification.Id, "appeal/decision", new DecideRectificationAppeal(false, "差评属实，请整改"),
            hub.Keys.Coordinator);

        var open = await hub.Rectification(rectification.Id);
        Assert.Equal((RectificationStates.Open, false), (open.State, open.AppealUpheld));
        // The clock stopped while the coordinating office decided: the deadline is the same or later, never earlier.
        Assert.True(open.DueAt >= rectification.DueAt.AddSeconds(-1), $"{open.DueAt} before {rectification.DueAt}");
        (await hub.Act(rectification.Id, "appeal", new AppealRectification("再申诉"), Health, 409)).Problem();

        await hub.Act(rectification.Id, "reply", new ReplyToRectification("已整改"), Health);
        await hub.Act(rectification.Id, "follow-up", new FollowUpRectification(FollowUpResults.Unresolved),
            hub.Keys.Coordinator);
        var closed = await hub.Rectification(rectification.Id);
        Assert.Equal((RectificationStates.Closed, FollowUpResults.Unresolved), (closed.State, closed.FollowUp));
    }

    [Fact]
    public async Task each_sees_its_own_page_by_page_in_a_stable_order()
    {
        var ours = new List<string>();
        for (var i = 0; i < 3; i++) ours.Add((await hub.BadRating()).Id);

        var paged = await hub.All(Health, limit: 1);
        var whole = await hub.All(Health, limit: 500);
        Assert.Equal(whole.Select(r => r.Id), paged.Select(r => r.Id));
        Assert.Equal(paged.Select(r => r.Id).Order(StringComparer.Ordinal), paged.Select(r => r.Id));
        Assert.Equal(paged.Count, paged.Select(r => r.Id).Distinct().Count());
        Assert.All(ours, id => Assert.Contains(paged, r => r.Id == id));
        Assert.All(paged, r => Assert.True(r.Department == Rated || r.FrontOffice == Rated));

        // The front office sees those it passed on; a department with no part sees none of them.
        var passedOn = await hub.All(FrontOffice);
        Assert.All(ours, id => Assert.Contains(passedOn, r => r.Id == id));
        Assert.DoesNotContain(await hub.All(hub.Department("tax")), r => ours.Contains(r.Id));
        await hub.Host.Get($"/api/rectifications/{ours[0]}", hub.Department("tax"), 403);
        await hub.Host.Get($"/api/rectifications/{Guid.NewGuid()}", Health, 404);
        var all = await hub.All(hub.Keys.Coordinator, limit: 2);
        Assert.All(ours, id => Assert.Contains(all, r => r.Id == id));

        await hub.Host.Get("/api/rectifications", hub.Keys.DataCentre, 403);
        await hub.Host.Get("/api/rectifications", hub.Keys.Governance, 403);
        (await hub.Host.Get("/api/rectifications?department=tax", Health, 403)).Problem();
        (await hub.Host.Get("/api/rectifications?state=pending", Health, 400)).Problem();
        (await hub.Host.Get("/api/rectifications?limit=0", Health, 400)).Problem();
        (await hub.Host.Get("/api/rectifications?limit=501", Health, 400)).Problem();
        (await hub.Host.Get("/api/rectifications?after=not-a-cursor", Health, 400)).Problem();
        (await hub.Host.Get("/api/rectifications?overdue=sometimes", Health, 400)).Problem();
    }

    [Theory]
    [InlineData("reply", """{"reply":""}""")]
    [InlineData("reply", """{"reply":"   "}""")]
    [InlineData("reply", """{}""")]
    [InlineData("appeal", """{"reason":""}""")]
    [InlineData("appeal", """{"reply":"x"}""")]
    [InlineData("appeal/decision", """{"decision":"x"}""")]
    [InlineData("appeal/decision", """{"upheld":"yes","decision":"x"}""")]
    [InlineData("follow-up", """{"result":"maybe"}""")]
    [InlineData("follow-up", """{"result":"resolved","note":7}""")]
    public async Task bad_input_is_400_and_stores_nothing(string what, string body)
    {
        var rectification = await hub.BadRating();
        var key = what == "appeal/decision" ? hub.Keys.Coordinator : what == "follow-up" ? FrontOffice : Health;
        var before = await hub.EventCount();
        (await hub.Host.PostRaw($"/api/rectifications/{rectification.Id}/{what}", body, key, 400)).Problem();
        Assert.Equal(before, await hub.EventCount());
        Assert.Equal(RectificationStates.Open, (await hub.Rectification(rectification.Id)).State);
    }

    [Fact]
    public async Task an_unknown_rectification_is_404()
    {
        var id = Guid.NewGuid().ToString();
        (await hub.Host.Post($"/api/rectifications/{id}/reply", new ReplyToRectification("x"), Health, 404)).Problem();
        await hub.Host.Post($"/api/rectifications/{id}/appeal/decision", new DecideRectificationAppeal(true, "x"),
            hub.Keys.Coordinator, 404);
    }
}
