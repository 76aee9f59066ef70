using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Sharing.Resources;
using static OneThing.Hub.Tests.Sharing.Deciding;

namespace OneThing.Hub.Tests.Sharing.ShareRequests;

public sealed class share_request_decisions
{
    private static readonly WorkingCalendar Calendar = new([], []);
    private static readonly string Later = WorkingCalendar.Today(Now).AddDays(30).ToString("yyyy-MM-dd");

    private static RequestShare Asking(params string[] fields) => new("household-record", "核验", "办法", fields, Later);

    public static ShareRequest Pending() => ShareRequest.Create(new ShareRequested("sr-1", "household-record",
        "public-security", "civil-affairs", "核验", "办法", ["residentId", "name"], Later, Now.AddDays(7),
            "civil-affairs/key-1", Now));

    private static ShareRequestGranted Granted(string validUntil) =>
        new("sr-1", "household-record", "public-security", ["residentId"], validUntil, "核验", "provider", true, "p",
            Now);

    [Fact]
    public void a_request_evolves_through_grant_revocation_rejection_dispute_and_ruling()
    {
        var pending = Pending();
        Assert.Equal((ShareState.Pending, "pending"), (pending.State, pending.StateName));
        var granted = pending.Apply(Granted(Later));
        Assert.Equal((ShareState.Granted, true), (granted.State, granted.Grant!.Active));
        Assert.Null(pending.Grant);   // Apply returns a new state
        Assert.False(granted.Apply(new GrantRevoked("sr-1", "done", "p", Now)).Grant!.Active);
        var rejected = pending.Apply(new ShareRequestRejected("sr-1", "r", "p", ["no"], true, "p", Now));
        Assert.Equal(ShareState.Rejected, rejected.State);
        Assert.Equal(ShareState.Disputed, rejected.Apply(new ShareRequestDisputed("sr-1", "d-1", Now)).State);
        var upheld = rejected.Apply(new ShareRequestRulingUpheld("sr-1", "d-1", "stays", Now));
        Assert.Equal((ShareState.Rejected, true), (upheld.State, upheld.RuledForProvider));
        Assert.True(pending.Apply(new ShareRequestDeadlineBreached("sr-1", "p", Now, Now)).Breached);
    }

    [Fact]
    public void a_grant_covers_a_query_until_it_is_revoked_or_expires()
    {
        Assert.Contains("no grant", Pending().GrantProblem(Now));
        Assert.Null(Pending().Apply(Granted(Later)).GrantProblem(Now));
        Assert.Contains("revoked: done", Pending().Apply(Granted(Later)).Apply(new GrantRevoked("sr-1", "done", "p",
            Now)).GrantProblem(Now));
        Assert.Contains("expired", Pending().Apply(Granted(Later)).GrantProblem(Now.AddDays(40)));
    }

    [Fact]
    public void a_request_asks_for_fields_of_the_resource_for_a_while_and_not_from_itself()
    {
        var resource = resource_decisions.Registered();
        Fine(RequestShareEndpoint.Validate(Asking("name"), resource, Department("civil-affairs"), Clock()));
        Assert.Null(RequestShape.Status(Asking("name")));
        Problem(400, RequestShareEndpoint.Validate(Asking("name"), null, Department("civil-affairs"), Clock()));
        Problem(400, RequestShareEndpoint.Validate(Asking("salary"), resource, Department("civil-affairs"), Clock()));
        Problem(400, RequestShareEndpoint.Validate(Asking("name"), resource, Department("public-security"), Clock()));
        Problem(400, RequestShareEndpoint.Validate(Asking("name") with { ValidUntil = "2020-01-01" }, resource,
            Department("civil-affairs"), Clock()));
    }

    [Fact]
    public void a_conditional_request_waits_for_the_provider_with_a_deadline_and_a_notice()
    {
        var (result, op, messages) = RequestShareEndpoint.Post(Asking("name", "name"), resource_decisions.Registered(),
            Department("civil-affairs"), Http(), Clock(), Calendar);
        Assert.Equal(201, Status(result));
        var requested =
            Assert.IsType<ShareRequested>(
                Assert.Single(Assert.IsAssignableFrom<Wolverine.Marten.IStartStream>(op).Events));
        Assert.Equal(["name"], requested.Fields);
        Assert.Equal([("public-security", "share-request")], Notices(messages));
        Assert.Equal(requested.DueAt, Sent<ShareRequestDue>(messages).Single().DueAt);
    }

    [Fact]
    public void an_unconditional_request_is_granted_at_once_and_a_not_shared_one_is_refused_and_recorded()
    {
        var (granted, op, messages) = RequestShareEndpoint.Post(Asking("name"),
            resource_decisions.Registered(SharingClasses.Unconditional),
            Department("civil-affairs"), Http(), Clock(), Calendar);
        Assert.Equal(ShareStates.Granted, Value<ShareRequestStatus>(granted).State);
        Assert.Contains(Assert.IsAssignableFrom<Wolverine.Marten.IStartStream>(op).Events,
            e => e is ShareRequestGranted { Via: "compliance-check" });
        Assert.Empty(messages);

        var (refused, log, _) = RequestShareEndpoint.Post(Asking("name"),
            resource_decisions.Registered(SharingClasses.NotShared),
            Department("civil-affairs"), Http(), Clock(), Calendar);
        Assert.Equal(409, Status(refused));
        Assert.IsType<ShareRequestRefused>(Assert.IsType<RecordRefusal>(log).Refusal);
    }

    [Fact]
    public void only_the_provider_answers_a_pending_request_within_what_was_asked()
    {
        var provider = Department("public-security");
        Fine(ApproveShareRequestEndpoint.Validate(new ApproveShareRequest(["name"]), Pending(), provider));
        Problem(403, ApproveShareRequestEndpoint.Validate(new ApproveShareRequest(), Pending(), Department("tax")));
        Problem(409, ApproveShareRequestEndpoint.Validate(new ApproveShareRequest(), Pending().Apply(Granted(Later)),
            provider));
        Problem(400, ApproveShareRequestEndpoint.Validate(new ApproveShareRequest(["salary"]), Pending(), provider));
        Problem(400, ApproveShareRequestEndpoint.Validate(new ApproveShareRequest(ValidUntil: "2099-01-01"), Pending(),
            provider));
        Fine(RejectShareRequestEndpoint.Validate(Pending(), provider));
        Assert.Null(RequestShape.Status(new RejectShareRequest(["无"])));
        Assert.Equal(400, RequestShape.Status(new RejectShareRequest([])));
        Problem(409, RejectShareRequestEndpoint.Validate(Pending().Apply(Granted(Later)), provider));
    }

    [Fact]
    public void an_approval_grants_the_narrowed_fields_in_time_and_tells_the_consumer()
    {
        var (result, events, messages) = ApproveShareRequestEndpoint.Post(new ApproveShareRequest(["name"]), Pending(),
            Department("public-security"), Http(), Clock());
        Assert.Equal(202, Status(result));
        var granted = Assert.IsType<ShareRequestGranted>(Assert.Single(events));
        Assert.Equal(["name"], granted.Fields);
        Assert.Equal((Later, "provider", true), (granted.ValidUntil, granted.Via, granted.InTime));
        Assert.Equal([("civil-affairs", "share-granted")], Notices(messages));

        var (_, late, _) = RejectShareRequestEndpoint.Post(new RejectShareRequest(["无"]), Pending(),
            Department("public-security"),
            Http(), Clock(Now.AddDays(8)));
        Assert.False(Assert.IsType<ShareRequestRejected>(Assert.Single(late)).InTime);
    }

    [Fact]
    public void the_provider_or_the_coordinator_revokes_an_active_grant()
    {
        var granted = Pending().Apply(Granted(Later));
        Fine(RevokeGrantEndpoint.Validate(granted, Coordinator));
        Fine(RevokeGrantEndpoint.Validate(granted, Department("public-security")));
        Problem(403, RevokeGrantEndpoint.Validate(granted, Department("civil-affairs")));
        Problem(409, RevokeGrantEndpoint.Validate(Pending(), Coordinator));
        Assert.Null(RequestShape.Status(new RevokeGrant("done")));
        Assert.Equal(400, RequestShape.Status(new RevokeGrant(" ")));
        var (_, events, messages) = RevokeGrantEndpoint.Post(new RevokeGrant("done"), granted, Coordinator, Http(),
            Clock());
        Assert.IsType<GrantRevoked>(Assert.Single(events));
        Assert.Equal([("civil-affairs", "share-grant-revoked")], Notices(messages));
    }

    [Fact]
    public void a_deadline_breaches_only_a_request_still_pending_once_it_is_due()
    {
        var due = new ShareRequestDue("sr-1", Now.AddDays(7));
        var (events, messages) = ShareRequestDueHandler.Decide(due, Pending(), Now.AddDays(8), "c");
        Assert.IsType<ShareRequestDeadlineBreached>(Assert.Single(events));
        Assert.Equal([("government-services", "share-deadline-breached"), ("public-security",
            "share-deadline-breached")],
            Notices(messages));
        Assert.Empty(ShareRequestDueHandler.Decide(due, Pending(), Now, "c").Item1);
        Assert.Empty(ShareRequestDueHandler.Decide(due, Pending().Apply(Granted(Later)), Now.AddDays(8), "c").Item1);
        Assert.Empty(ShareRequestDueHandler.Decide(due, Pending() with { Breached = true }, Now.AddDays(8), "c").Item1);
    }
}
