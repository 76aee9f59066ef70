using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Delivery;
using Wolverine;
using Wolverine.Http;
using static OneThing.Hub.Tests.Applications.Decisions.Cases;

namespace OneThing.Hub.Tests.Applications.Decisions;

public sealed class supplements_ratings_and_deadlines
{
    private static readonly Application Paused = Submitted(out _, [Plan[0]])
        .Evolve(new SupplementRequested(Id, "birth", ["复印件"], null, 2.5, "health/key", Monday));

    private static readonly Application Finished = Submitted(out _, [Plan[0]]).Then([
        Completed("birth", "health"),
        new ApplicationFinished(Id, "newborn", Window, "completed", 1, 0, 1, Monday),
    ]);

    private static int? Status(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        ReferenceEquals(problem, WolverineContinue.NoProblems) ? null : problem.Status;

    [Fact]
    public void only_the_front_office_brings_a_supplement_and_only_for_a_service_that_asked()
    {
        var brought = new ProvideSupplement("birth", ["复印件"]);
        Assert.Null(Status(ProvideSupplementEndpoint.Validate(brought, Paused, Department(Window))));
        Assert.Equal(403, Status(ProvideSupplementEndpoint.Validate(brought, Paused, Department("health"))));
        Assert.Equal(400, Status(ProvideSupplementEndpoint.Validate(brought with { Service = "x" }, Paused,
            Department(Window))));
        Assert.Null(RequestShape.Status(brought));
        Assert.Equal(400, RequestShape.Status(brought with { Items = [] }));
        Assert.Equal(409, Status(ProvideSupplementEndpoint.Validate(brought, Submitted(out _), Department(Window))));
    }

    [Fact]
    public void a_supplement_resumes_the_clock_with_the_days_it_had_and_schedules_the_new_deadline()
    {
        var later = Monday.AddDays(14);
        var (_, events, messages) = ProvideSupplementEndpoint.Decide(new ProvideSupplement("birth", ["复印件"]), Paused,
            $"{Window}/key", later, Calendar);

        var provided = Assert.IsType<SupplementProvided>(Assert.Single(events));
        Assert.Equal(Calendar.AddWorkingTime(later, 2.5), provided.DueAt);
        var notice = Assert.IsType<DeliverToDepartment>(messages[0]).Message;
        Assert.Equal((MessageKinds.SupplementProvided, "health", TheCase),
            (notice.Kind, notice.Department, notice.CorrelationId));
        var deadline = Assert.IsAssignableFrom<DeliveryMessage<ServiceDeadlineReached>>(messages[1]);
        Assert.Equal(provided.DueAt, deadline.Message.DueAt);
    }

    [Fact]
    public void a_finished_application_is_rated_once_from_one_to_five_by_its_front_office()
    {
        Assert.Null(Status(RateApplicationEndpoint.Validate(Finished, Department(Window))));
        Assert.Equal(403, Status(RateApplicationEndpoint.Validate(Finished,
            Department("health"))));
        Assert.Equal(409, Status(RateApplicationEndpoint.Validate(Paused, Department(Window))));
        Assert.Equal(409, Status(RateApplicationEndpoint.Validate(
            Finished.Evolve(new ApplicationRated(Id, "newborn", 4, null, "w/key", Monday)), Department(Window))));
        Assert.Null(RequestShape.Status(new RateApplication(5)));
        Assert.Equal(400, RequestShape.Status(new RateApplication(6)));
        Assert.Equal(400, RequestShape.Status(new RateApplication(3, new string('x', 1001))));

        var (_, events) = RateApplicationEndpoint.Post(new RateApplication(4, "快"), Finished, Department(Window),
            TimeProvider.System);
        var rated = Assert.IsType<ApplicationRated>(Assert.Single(events));
        Assert.Equal((4, "快", $"{Window}/key"), (rated.Score, rated.ApplicantComment, rated.RatedBy));
    }

    [Fact]
    public void a_deadline_marks_overdue_only_a_running_service_whose_deadline_it_still_is()
    {
        var state = Submitted(out _, [Plan[0]]);
        var due = state.Service("birth")!.DueAt!.Value;
        var reached = new ServiceDeadlineReached(Id, "birth", due);

        var overdue = Assert.IsType<ServiceOverdue>(Assert.Single(ServiceDeadlineHandler.Decide(reached, state, due)
            .Item1));
        Assert.Equal(("health", due), (overdue.Department, overdue.DueAt));
        Assert.Empty(ServiceDeadlineHandler.Decide(reached, state, due.AddSeconds(-1)).Item1);            // not yet
        Assert.Empty(ServiceDeadlineHandler.Decide(reached with { DueAt = due.AddDays(-1) }, state, due).Item1);
        // (moved)
        Assert.Empty(ServiceDeadlineHandler.Decide(reached, Paused, due).Item1);                            // paused
        Assert.Empty(ServiceDeadlineHandler.Decide(reached, state.Evolve(Completed("birth", "health")), due).Item1);

        // 监管: escalated to the lead units and the coordinating office, one message each on their channels.
        var (events, messages) = ServiceDeadlineHandler.Decide(reached, state, due,
            new Supervisors(["health", "government-services"]));
        var escalated = Assert.IsType<ServiceEscalated>(events[1]);
        Assert.Equal(["health", "government-services"], escalated.EscalatedTo);
        Assert.Equal(2, messages.Count);
    }
}
