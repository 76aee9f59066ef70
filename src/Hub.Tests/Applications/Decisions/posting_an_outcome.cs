using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Licences;
using Wolverine.Http;
using static OneThing.Hub.Tests.Applications.Decisions.Cases;

namespace OneThing.Hub.Tests.Applications.Decisions;

public sealed class posting_an_outcome
{
    private static readonly NamedLicences None = new(new Dictionary<string, LicenceView>());
    private static readonly Application Dispatched = Submitted(out _);

    private static int? Status(ServiceOutcome request, string service = "birth", string department = "health",
        Application? state = null, NamedLicences? licences = null)
    {
        var problem = PostOutcomeEndpoint.Validate(service, request, state ?? Dispatched, Department(department),
            licences ?? None);
        return ReferenceEquals(problem, WolverineContinue.NoProblems) ? null : problem.Status;
    }

    [Fact]
    public void the_responsible_department_may_report_what_its_service_allows_now()
    {
        Assert.Null(Status(new ServiceOutcome(Outcomes.Accepted)));
        Assert.Null(Status(new ServiceOutcome(Outcomes.SupplementRequired, Missing: ["复印件"])));
        Assert.Null(Status(new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("证")])));
        Assert.Null(Status(new ServiceOutcome(Outcomes.Rejected, Reasons: ["不符"])));
    }

    [Fact]
    public void others_unknown_services_bad_shapes_and_wrong_moments_are_refused()
    {
        Assert.Equal(403, Status(new ServiceOutcome(Outcomes.Accepted), department: "public-security"));
        Assert.Equal(404, Status(new ServiceOutcome(Outcomes.Accepted), service: "driving-licence"));
        // Shapes are the schema's, checked before any of this: a rejection gives reasons, a supplement what is missing.
        Assert.Null(RequestShape.Status(new ServiceOutcome(Outcomes.Rejected, Reasons: ["不符"])));
        Assert.Equal(400, RequestShape.Status(new ServiceOutcome("maybe")));
        Assert.Equal(400, RequestShape.Status(new ServiceOutcome(Outcomes.Rejected)));
        Assert.Equal(400, RequestShape.Status(new ServiceOutcome(Outcomes.SupplementRequired)));
        Assert.Equal(400, RequestShape.Status(new ServiceOutcome(Outcomes.Completed, Note: new string('x', 2001))));
        Assert.Equal(400, RequestShape.Status(new ServiceOutcome(Outcomes.Completed,
            Results: [new ServiceResultDocument(" ")])));
        Assert.Equal(400, RequestShape.Status(new ServiceOutcome(Outcomes.Rejected, Reasons: [new string('x', 501)])));
        Assert.Equal(400, RequestShape.Status(new ServiceOutcome(Outcomes.Rejected,
            Reasons: [.. Enumerable.Repeat("不符", 51)])));
        // A waiting service was never dispatched; an accepted one cannot be accepted again.
        Assert.Equal(409, Status(new ServiceOutcome(Outcomes.Accepted), "household", "public-security"));
        var accepted = Dispatched.Evolve(new ServiceAccepted(Id, "birth", "health/key", Monday));
        Assert.Equal(409, Status(new ServiceOutcome(Outcomes.Accepted), state: accepted));
    }

    [Fact]
    public void a_licence_among_the_results_must_be_one_the_department_pushed_and_still_valid()
    {
        var licence = new LicenceView { Id = "licence-1", Issuer = "health", Type = "birth-medical-certificate" };
        var named = new NamedLicences(new Dictionary<string, LicenceView> { [licence.Id] = licence });
        ServiceOutcome Naming(string id, string? type = null) =>
            new(Outcomes.Completed, Results: [new ServiceResultDocument("出生医学证明", "Q1", type, id)]);

        Assert.Null(Status(Naming("licence-1", "birth-medical-certificate"), licences: named));
        Assert.Equal(400, Status(Naming("licence-2"), licences: named));
        Assert.Equal(400, Status(Naming("licence-1", "household-register-booklet"), licences: named));
        licence.RevokedAt = Monday;
        Assert.Equal(400, Status(Naming("licence-1"), licences: named));
    }

    [Fact]
    public void an_acceptance_is_one_event_and_nothing_else_moves()
    {
        var (result, events, messages) = PostOutcomeEndpoint.Decide("birth", new ServiceOutcome(Outcomes.Accepted),
            Dispatched, "health/key", Monday.AddHours(1), Calendar);

        Assert.IsType<Accepted>(result);
        Assert.Equal(new ServiceAccepted(Id, "birth", "health/key", Monday.AddHours(1)), Assert.Single(events));
        Assert.Empty(messages);
        Assert.Equal(ServiceStage.Dispatched, Dispatched.Service("birth")!.Stage);   // the loaded state is untouched
    }

    [Fact]
    public void a_supplement_request_pauses_with_the_working_days_left_and_tells_the_front_office()
    {
        var (_, events, messages) = PostOutcomeEndpoint.Decide("birth",
            new ServiceOutcome(Outcomes.SupplementRequired, "带原件", Missing: ["复印件"]),
            Dispatched, "health/key", Monday, Calendar);

        var asked = Assert.IsType<SupplementRequested>(Assert.Single(events));
        var due = Dispatched.Service("birth")!.DueAt!.Value;
        Assert.Equal(Calendar.WorkingDaysBetween(Monday, due), asked.WorkingDaysLeft);
        var notice = Assert.IsType<DeliverToDepartment>(Assert.Single(messages)).Message;
        Assert.Equal((MessageKinds.SupplementRequired, Window, TheCase),
            (notice.Kind, notice.Department, notice.CorrelationId));
    }

    [Fact]
    public void a_completion_keeps_its_results_and_time_and_dispatches_what_waited_for_it()
    {
        var (_, events, messages) = PostOutcomeEndpoint.Decide("birth",
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("出生医学证明", "Q1")]),
            Dispatched, "health/key", Monday.AddHours(6), Calendar);

        var completed = Assert.IsType<ServiceCompleted>(events[0]);
        Assert.Equal((6.0, true), (completed.Hours, completed.WithinLimit));
        Assert.Equal(new CaseDocument("出生医学证明", "Q1"), Assert.Single(completed.Results));
        Assert.Equal(["household", "vaccination"], events.Skip(1).Cast<ServiceDispatched>().Select(d => d.Service));
        Assert.Equal(4, messages.Count);
    }

    [Fact]
    public void a_late_completion_says_it_missed_the_limit_and_a_rejection_ends_the_chain()
    {
        var late = Dispatched.Service("birth")!.DueAt!.Value.AddMinutes(1);
        var (_, completedLate, _) = PostOutcomeEndpoint.Decide("birth", new ServiceOutcome(Outcomes.Completed),
            Dispatched, "health/key", late, Calendar);
        Assert.False(Assert.IsType<ServiceCompleted>(completedLate[0]).WithinLimit);

        var (_, rejected, _) = PostOutcomeEndpoint.Decide("birth",
            new ServiceOutcome(Outcomes.Rejected, Reasons: ["不符"]), Dispatched, "health/key", Monday, Calendar);
        Assert.IsType<ServiceRejected>(rejected[0]);
        Assert.Equal(3, rejected.OfType<ServiceWithdrawn>().Count());
        Assert.Single(rejected.OfType<ApplicationFinished>());
    }
}
