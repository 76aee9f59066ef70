using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Sharing.QualityReports;
using OneThing.Hub.Tests.Sharing.ShareRequests;
using static OneThing.Hub.Tests.Sharing.Deciding;

namespace OneThing.Hub.Tests.Sharing.Disputes;

public sealed class dispute_decisions
{
    private static readonly WorkingCalendar Calendar = new([], []);

    private static Dispute Raised(string kind = "share-request") => Dispute.Create(new DisputeRaised("d-1", "sr-1",
        kind,
        "civil-affairs", "public-security", "need it", Now.AddDays(14), "c", Now));

    private static ShareRequest Rejected() =>
        share_request_decisions.Pending().Apply(new ShareRequestRejected("sr-1", "r", "public-security", ["no"], true,
            "p", Now));

    [Fact]
    public void a_dispute_is_open_until_ruled_and_may_breach_its_deadline()
    {
        Assert.Equal((DisputeKind.ShareRequest, DisputeState.Open), (Raised().Kind, Raised().State));
        Assert.Equal(DisputeKind.QualityReport, Raised("quality-report").Kind);
        Assert.Equal(DisputeState.Ruled, Raised().Apply(new DisputeRuled("d-1", true, "ok", null, null, "g",
            Now)).State);
        Assert.True(Raised().Apply(new DisputeRulingBreached("d-1", Now, Now)).Breached);
    }

    [Fact]
    public void the_consumer_contests_a_rejection_or_a_breach_but_not_after_a_final_ruling()
    {
        var consumer = Department("civil-affairs");
        Fine(RaiseDisputeOnShareRequestEndpoint.Validate(Rejected(), consumer));
        Fine(RaiseDisputeOnShareRequestEndpoint.Validate(
            share_request_decisions.Pending() with { Breached = true }, consumer));
        Problem(403, RaiseDisputeOnShareRequestEndpoint.Validate(Rejected(),
            Department("tax")));
        Problem(409, RaiseDisputeOnShareRequestEndpoint.Validate(
            share_request_decisions.Pending(), consumer));
        Problem(409, RaiseDisputeOnShareRequestEndpoint.Validate(
            Rejected().Apply(new ShareRequestRulingUpheld("sr-1", "d-1", "final", Now)), consumer));
        Assert.Null(RequestShape.Status(new RaiseDispute("need it")));
        Assert.Equal(400, RequestShape.Status(new RaiseDispute("")));
    }

    [Fact]
    public void raising_a_dispute_marks_the_subject_starts_the_dispute_and_tells_provider_and_coordinator()
    {
        var (result, events, start, messages) = RaiseDisputeOnShareRequestEndpoint.Post(new RaiseDispute("need it"),
            Rejected(),
            Department("civil-affairs"), Http(), Clock(), Calendar);
        var status = Value<DisputeStatus>(result);
        Assert.Equal(("share-request", "open"), (status.Kind, status.State));
        Assert.Equal(status.Id, Assert.IsType<ShareRequestDisputed>(Assert.Single(events)).DisputeId);
        Assert.Equal(status.Id, start.StreamKey);
        Assert.Equal([("public-security", "share-dispute"), ("government-services", "share-dispute")],
            Notices(messages));
        Assert.Single(Sent<DisputeRulingDue>(messages));
    }

    [Fact]
    public void the_consumer_disputes_a_contested_or_neglected_quality_report()
    {
        var contested = quality_report_decisions.Open() with { State = QualityState.ContestedByProvider };
        var consumer = Department("civil-affairs");
        Fine(RaiseDisputeOnQualityReportEndpoint.Validate(contested, consumer));
        Fine(RaiseDisputeOnQualityReportEndpoint.Validate(
            quality_report_decisions.Open() with { Breached = true }, consumer));
        Problem(409, RaiseDisputeOnQualityReportEndpoint.Validate(
            quality_report_decisions.Open(), consumer));
        Problem(403, RaiseDisputeOnQualityReportEndpoint.Validate(contested,
            Department("public-security")));
        var (_, events, start, _) = RaiseDisputeOnQualityReportEndpoint.Post(new RaiseDispute("wrong"), contested,
            consumer, Http(),
            Clock(), Calendar);
        Assert.IsType<QualityReportDisputed>(Assert.Single(events));
        Assert.Equal("quality-report", Assert.IsType<DisputeRaised>(Assert.Single(start.Events)).Kind);
    }

    [Fact]
    public void only_the_provider_states_a_position_while_the_dispute_is_open()
    {
        Fine(StatePositionEndpoint.Validate(Raised(), Department("public-security")));
        Problem(403, StatePositionEndpoint.Validate(Raised(),
            Department("civil-affairs")));
        Problem(409, StatePositionEndpoint.Validate(
            Raised() with { State = DisputeState.Ruled },
            Department("public-security")));
        var (_, events) = StatePositionEndpoint.Post(new StatePosition("too much"), Raised(),
            Department("public-security"), Clock());
        Assert.Equal("provider", Assert.IsType<DisputePositionStated>(Assert.Single(events)).Party);
    }

    [Fact]
    public void a_ruling_is_given_once_and_grants_only_requested_fields()
    {
        Fine(RuleDisputeEndpoint.Check(new RuleDispute(true, "grant", ["name"]), Raised(), Rejected(), Now));
        Problem(409, RuleDisputeEndpoint.Check(new RuleDispute(true, "grant"),
            Raised() with { State = DisputeState.Ruled }, Rejected(), Now));
        Assert.Equal(400, RequestShape.Status(new RuleDispute(true, "")));
        Problem(400, RuleDisputeEndpoint.Check(new RuleDispute(true, "grant", ["salary"]), Raised(), Rejected(), Now));
        Problem(400, RuleDisputeEndpoint.Check(new RuleDispute(true, "grant", ValidUntil: "2020-01-01"), Raised(),
            Rejected(), Now));
        Fine(RuleDisputeEndpoint.Check(new RuleDispute(true, "fix it"), Raised("quality-report"), null, Now));
    }

    [Theory]
    [InlineData(true, "share-request", typeof(ShareRequestGranted))]
    [InlineData(false, "share-request", typeof(ShareRequestRulingUpheld))]
    [InlineData(true, "quality-report", typeof(QualityCorrectionOrdered))]
    [InlineData(false, "quality-report", typeof(QualityReportUpheld))]
    public void a_ruling_lands_on_its_subject_and_both_parties_hear_of_it(bool forConsumer, string kind, Type onSubject)
    {
        var (subject, ruled, messages) = RuleDisputeEndpoint.Decide(new RuleDispute(forConsumer, "decided", ["name"]),
            Raised(kind),
            kind == "share-request" ? Rejected() : null, "g", Now, "c");
        Assert.IsType(onSubject, subject);
        Assert.Equal(forConsumer, ruled.ForConsumer);
        var outcome = forConsumer ? "share-ruled-for-consumer" : "share-ruled-for-provider";
        Assert.Equal([("civil-affairs", outcome), ("public-security", outcome)], Notices(messages));
        if (subject is not ShareRequestGranted granted) return;
        Assert.Equal(["name"], granted.Fields);
        Assert.Equal(("ruling", false), (granted.Via, granted.InTime));
    }

    [Fact]
    public void a_dispute_not_ruled_by_its_deadline_is_a_breach_once()
    {
        var due = new DisputeRulingDue("d-1", Now.AddDays(14));
        Assert.IsType<DisputeRulingBreached>(Assert.Single(DisputeRulingDueHandler.Decide(due, Raised(),
            Now.AddDays(15), "c").Item1));
        Assert.Empty(DisputeRulingDueHandler.Decide(due, Raised() with { State = DisputeState.Ruled }, Now.AddDays(15),
            "c").Item1);
        Assert.Empty(DisputeRulingDueHandler.Decide(due, Raised(), Now, "c").Item1);
    }

    [Theory]
    [InlineData("share-request", typeof(ShareRequestDue))]
    [InlineData("quality-report", typeof(QualityAnswerDue))]
    [InlineData("dispute", typeof(DisputeRulingDue))]
    [InlineData("exchange", typeof(ExchangeAnswerDue))]
    public void a_deadline_scheduled_by_an_earlier_release_becomes_the_typed_deadline_of_its_kind(string kind,
        Type typed)
    {
        var message = Assert.Single(SharingDeadlineHandler.Handle(new SharingDeadline("s-1", kind, Now)));
        Assert.IsType(typed, message);
        Assert.Empty(SharingDeadlineHandler.Handle(new SharingDeadline("s-1", "unknown", Now)));
    }
}
