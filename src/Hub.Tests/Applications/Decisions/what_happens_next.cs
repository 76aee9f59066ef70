using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using Wolverine;
using static OneThing.Hub.Tests.Applications.Decisions.Cases;

namespace OneThing.Hub.Tests.Applications.Decisions;

/// <summary>Progress.Next as a pure function: (state, now, calendar) to (events, messages).</summary>
public sealed class what_happens_next
{
    [Fact]
    public void a_new_application_dispatches_only_what_has_no_prerequisite_with_its_deadline()
    {
        var state = Application.Create(Submitted(), TheCase);
        var (events, messages) = Progress.Next(state, Monday, Calendar);

        var dispatched = Assert.IsType<ServiceDispatched>(Assert.Single(events));
        Assert.Equal(("birth", "health"), (dispatched.Service, dispatched.Department));
        Assert.Equal(Calendar.AddWorkingDays(Monday, 5), dispatched.DueAt);
        var work = Assert.IsType<DeliverToDepartment>(messages[0]).Message;
        Assert.Equal((MessageKinds.WorkItem, "health", TheCase), (work.Kind, work.Department, work.CorrelationId));
        Assert.Equal(dispatched.MessageId, work.MessageId);
        var deadline = Assert.IsAssignableFrom<DeliveryMessage<ServiceDeadlineReached>>(messages[1]);
        Assert.Equal(new ServiceDeadlineReached(Id, "birth", dispatched.DueAt), deadline.Message);
        Assert.Equal(dispatched.DueAt, deadline.Options.ScheduledTime);
    }

    [Fact]
    public void it_changes_nothing_it_is_given()
    {
        var state = Application.Create(Submitted(), TheCase);
        var services = state.Services.ToList();
        Progress.Next(state, Monday, Calendar);
        Assert.Equal(services, state.Services);
        Assert.All(state.Services, s => Assert.Equal(ServiceStage.Waiting, s.Stage));
    }

    [Fact]
    public void a_completed_prerequisite_sends_its_results_on_as_materials_to_every_service_that_waited_for_it()
    {
        var state = Submitted(out _).Evolve(Completed("birth", "health",
            new CaseDocument("出生医学证明", "Q1", "birth-medical-certificate", "licence-1")));
        var (events, messages) = Progress.Next(state, Monday.AddHours(2), Calendar);

        var dispatched = events.Cast<ServiceDispatched>().ToList();
        Assert.Equal(["household", "vaccination"], dispatched.Select(d => d.Service));
        Assert.All(dispatched, d => Assert.Equal(
            new CaseMaterial("birth-medical-certificate", "出生医学证明", "service:birth", d.Materials[0].Document),
            Assert.Single(d.Materials)));
        var work = messages.OfType<DeliverToDepartment>()
            .Select(m => m.Message.Payload.Deserialize<WorkItem>(HubJson.Options)!).ToList();
        Assert.All(work, w => Assert.Equal("licence-1", Assert.Single(w.Materials).Document!.LicenceId));
        Assert.Equal(4, messages.Count);   // a work item and a deadline each
    }

    [Fact]
    public void a_rejection_withdraws_what_waited_for_it_down_the_chain_and_finishes_once()
    {
        var state = Submitted(out _)
            .Evolve(new ServiceRejected(Id, "birth", "health", ["不符"], 1, "health/key", Monday));
        var (events, messages) = Progress.Next(state, Monday.AddHours(3), Calendar);

        Assert.Equal(["household", "vaccination", "insurance"],
            events.OfType<ServiceWithdrawn>().Select(w => w.Service));
        var finished = Assert.Single(events.OfType<ApplicationFinished>());
        Assert.Equal(("rejected", 0, 4, 3.0), (finished.State, finished.Completed, finished.Rejected, finished.Hours));
        var delivered = Assert.Single(events.OfType<ApplicationResultsDelivered>());
        var results = Assert.IsType<DeliverToDepartment>(Assert.Single(messages)).Message;
        Assert.Equal((MessageKinds.ApplicationResults, Window, delivered.MessageId),
            (results.Kind, results.Department, results.MessageId));

        // Once: a finished application has nothing next.
        Assert.Empty(Progress.Next(state.Then(events), Monday.AddHours(4), Calendar).Events);
    }

    [Fact]
    public void every_service_completed_finishes_the_application_as_completed_with_every_result()
    {
        var single = Submitted(out _, [Plan[0]]);
        var (events, messages) = Progress.Next(single.Evolve(Completed("birth", "health", new CaseDocument("证"))),
            Monday.AddHours(1), Calendar);

        Assert.Equal("completed", Assert.Single(events.OfType<ApplicationFinished>()).State);
        var results = Assert.IsType<DeliverToDepartment>(Assert.Single(messages)).Message.Payload
            .Deserialize<ApplicationResults>(HubJson.Options)!;
        Assert.Equal("证", Assert.Single(Assert.Single(results.Services).Results!).Name);
    }
}
