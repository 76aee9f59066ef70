using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Sharing;

// Stream {share request id}: a consumer's request for a resource, its answer and its grant.

public sealed record ShareRequested(
    string Id,
    string Resource,
    string Provider,
    string Consumer,
    string Purpose,
    string LegalBasis,
    IReadOnlyList<string> Fields,
    string ValidUntil,
    DateTimeOffset? DueAt,
    string RequestedBy,
    DateTimeOffset RequestedAt);

/// <summary>Granted by the compliance check, the provider, or a ruling; <see cref="InTime"/>: within the provider's
/// deadline.</summary>
public sealed record ShareRequestGranted(
    string Id,
    string Resource,
    string Provider,
    IReadOnlyList<string> Fields,
    string ValidUntil,
    string Purpose,
    string Via,
    bool InTime,
    string GrantedBy,
    DateTimeOffset GrantedAt);

public sealed record ShareRequestRejected(
    string Id,
    string Resource,
    string Provider,
    IReadOnlyList<string> Reasons,
    bool InTime,
    string RejectedBy,
    DateTimeOffset RejectedAt);

/// <summary>The provider did not answer within its deadline: a breach, escalated to the coordinating office.</summary>
public sealed record ShareRequestDeadlineBreached(string Id, string Provider, DateTimeOffset DueAt,
    DateTimeOffset NoticedAt);

public sealed record GrantRevoked(string Id, string Reason, string RevokedBy, DateTimeOffset RevokedAt);

public sealed record ShareRequestDisputed(string Id, string DisputeId, DateTimeOffset DisputedAt);

/// <summary>A dispute over a share request went the provider's way: the request stays rejected.</summary>
public sealed record ShareRequestRulingUpheld(string Id, string DisputeId, string Decision, DateTimeOffset RuledAt);

public enum ShareState { Pending, Granted, Rejected, Disputed }

public sealed record ShareGrant(IReadOnlyList<string> Fields, string ValidUntil, string? RevokedReason = null)
{
    public bool Active => RevokedReason is null;
}

/// <summary>What the answers, disputes and exchanges under a share request decide on.</summary>
public sealed record ShareRequest(
    string Id,
    string Resource,
    string Provider,
    string Consumer,
    string Purpose,
    IReadOnlyList<string> Fields,
    string ValidUntil,
    DateTimeOffset? DueAt,
    ShareState State = ShareState.Pending,
    bool Breached = false,
    bool RuledForProvider = false,
    ShareGrant? Grant = null)
{
    public static ShareRequest Create(ShareRequested e) =>
        new(e.Id, e.Resource, e.Provider, e.Consumer, e.Purpose, e.Fields, e.ValidUntil, e.DueAt);

    public ShareRequest Apply(ShareRequestGranted e) =>
        this with { State = ShareState.Granted, Grant = new ShareGrant(e.Fields, e.ValidUntil) };

    public ShareRequest Apply(ShareRequestRejected e) => this with { State = ShareState.Rejected };
    public ShareRequest Apply(ShareRequestDeadlineBreached e) => this with { Breached = true };
    public ShareRequest Apply(GrantRevoked e) => this with { Grant = Grant! with { RevokedReason = e.Reason } };
    public ShareRequest Apply(ShareRequestDisputed e) => this with { State = ShareState.Disputed };

    public ShareRequest Apply(ShareRequestRulingUpheld e) =>
        this with { State = ShareState.Rejected, RuledForProvider = true };

    /// <summary>The state as the public contract spells it.</summary>
    public string StateName => Name(State);

    public static string Name(ShareState state) => state switch
    {
        ShareState.Pending => ShareStates.Pending,
        ShareState.Granted => ShareStates.Granted,
        ShareState.Rejected => ShareStates.Rejected,
        _ => ShareStates.Disputed,
    };

    public bool InTime(DateTimeOffset now) => DueAt is null || now <= DueAt;

    /// <summary>Why this grant does not cover a query now, or null when it does.</summary>
    public string? GrantProblem(DateTimeOffset now)
    {
        if (Grant is null) return $"Share request {Id} is {StateName}: there is no grant.";
        if (!Grant.Active) return $"The grant was revoked: {Grant.RevokedReason}";
        return DateOnly.Parse(Grant.ValidUntil) < WorkingCalendar.Today(now)
            ? $"The grant expired on {Grant.ValidUntil}." : null;
    }
}
