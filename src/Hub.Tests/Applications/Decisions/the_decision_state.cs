using JasperFx.Events;
using OneThing.Hub.Features.Applications;
using static OneThing.Hub.Tests.Applications.Decisions.Cases;

namespace OneThing.Hub.Tests.Applications.Decisions;

public sealed class the_decision_state
{
    private static readonly Application Fresh = Application.Create(Submitted(), TheCase);

    [Fact]
    public void a_submission_starts_every_service_waiting_in_the_case_of_its_correlation()
    {
        Assert.Equal(Id, Fresh.Id);
        Assert.Equal(TheCase, Fresh.CorrelationId);
        Assert.Equal(["birth", "household", "vaccination", "insurance"], Fresh.Services.Select(s => s.Code));
        Assert.All(Fresh.Services, s => Assert.Equal(ServiceStage.Waiting, s.Stage));
        Assert.False(Fresh.Finished);
    }

    [Fact]
    public void evolving_returns_a_new_state_and_leaves_the_old_one_as_it_was()
    {
        var due = Monday.AddDays(7);
        var dispatched = Fresh.Evolve(new ServiceDispatched(Id, "birth", "health", Guid.NewGuid(), [], due, Monday));

        Assert.NotSame(Fresh, dispatched);
        Assert.Equal(ServiceStage.Waiting, Fresh.Service("birth")!.Stage);
        Assert.Null(Fresh.Service("birth")!.DueAt);
        Assert.Equal(ServiceStage.Dispatched, dispatched.Service("birth")!.Stage);
        Assert.Equal(due, dispatched.Service("birth")!.DueAt);
        Assert.Equal(Monday, dispatched.Service("birth")!.DispatchedAt);
    }

    [Fact]
    public void a_supplement_pauses_the_clock_and_its_provision_resumes_it()
    {
        var due = Monday.AddDays(7);
        var paused = Fresh.Then([
            new ServiceDispatched(Id, "birth", "health", Guid.NewGuid(), [], due, Monday),
            new ServiceAccepted(Id, "birth", "health/key", Monday),
            new SupplementRequested(Id, "birth", ["复印件"], null, 2.5, "health/key", Monday),
        ]);
        Assert.Equal(ServiceStage.Supplement, paused.Service("birth")!.Stage);
        Assert.Equal(2.5, paused.Service("birth")!.DaysLeftWhenPaused);
        Assert.True(paused.Service("birth")!.IsOpen);

        var resumed = paused.Evolve(
            new SupplementProvided(Id, "birth", ["复印件"], null, due.AddDays(3), "w/key", Monday));
        Assert.Equal(ServiceStage.Accepted, resumed.Service("birth")!.Stage);
        Assert.Equal(due.AddDays(3), resumed.Service("birth")!.DueAt);
        Assert.Null(resumed.Service("birth")!.DaysLeftWhenPaused);
    }

    [Fact]
    public void results_rejections_and_withdrawals_close_services_and_finishing_and_rating_mark_the_case()
    {
        var state = Fresh.Then([
            Completed("birth", "health", new CaseDocument("出生医学证明", "Q1")),
            new ServiceRejected(Id, "household", "public-security", ["不符"], 1, "ps/key", Monday),
            new ServiceWithdrawn(Id, "insurance", "Prerequisite household was rejected.", Monday),
            new ServiceOverdue(Id, "vaccination", "health", Monday, Monday),
        ]);
        Assert.Equal("出生医学证明", Assert.Single(state.Service("birth")!.Documents).Name);
        Assert.Equal(ServiceStage.Rejected, state.Service("household")!.Stage);
        Assert.Equal(ServiceStage.Withdrawn, state.Service("insurance")!.Stage);
        Assert.True(state.Service("insurance")!.IsDone);
        Assert.Equal(ServiceStage.Waiting, state.Service("vaccination")!.Stage);   // overdue is display only

        var rated = state.Then([
            new ApplicationFinished(Id, "newborn", Window, "partially-completed", 1, 3, 1, Monday),
            new ApplicationResultsDelivered(Id, Window, "electronic", null, Guid.NewGuid(), Monday),
            new ApplicationRated(Id, "newborn", 5, null, "w/key", Monday),
        ]);
        Assert.True(rated.Finished);
        Assert.True(rated.Rated);
        Assert.False(state.Finished);
    }

    [Fact]
    public void an_event_it_does_not_know_is_a_broken_invariant()
    {
        Assert.Throws<InvalidOperationException>(() => Fresh.Evolve(Submitted()));
        Assert.Throws<InvalidOperationException>(() => Fresh.Evolve("not an event"));
    }

    [Fact]
    public void the_public_state_names_are_the_contracts()
    {
        Assert.Equal(
            ["waiting", "dispatched", "accepted", "supplement-required", "completed", "rejected", "withdrawn"],
            Enum.GetValues<ServiceStage>().Select(s => new ServiceState(Plan[0], s).State));
    }

    [Fact]
    public void marten_folds_the_stream_with_the_submissions_correlation()
    {
        var decisions = new ApplicationDecisions();
        var submitted = new Event<ApplicationSubmitted>(Submitted()) { CorrelationId = "from-the-window" };
        var accepted = new Event<ServiceAccepted>(new ServiceAccepted(Id, "birth", "health/key", Monday))
        {
            CorrelationId = "from-a-department",
        };

        var state = decisions.Evolve(decisions.Evolve(null, Id, submitted), Id, accepted)!;
        Assert.Equal("from-the-window", state.CorrelationId);
        Assert.Equal(ServiceStage.Accepted, state.Service("birth")!.Stage);
    }
}
