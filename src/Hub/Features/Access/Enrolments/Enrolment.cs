using System.Security.Cryptography;
using System.Text;
using Marten;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Access.Enrolments;

/// <summary>
/// A one-time code for a unit's system to fetch its own key. Only a hash of the code is stored; the opener sees
/// the code, never the key. A governance enrolment needs a second, different governance officer's approval.
/// Stream: <c>enrolment/{id}</c>.
/// </summary>
public sealed record EnrolmentOpened(
    string EnrolmentId,
    string CodeHash,
    string Department,
    string Role,
    string? Label,
    TimeSpan KeyLifetime,
    bool NeedsApproval,
    string OpenedBy,
    string OpenedByKey,
    DateTimeOffset OpenedAt,
    DateTimeOffset ExpiresAt);

public sealed record EnrolmentApproved(string EnrolmentId, string ApprovedBy, string ApprovedByKey,
    DateTimeOffset ApprovedAt);

/// <summary>The code was traded for key <see cref="KeyId"/>; the key's own stream holds its hash.</summary>
public sealed record EnrolmentRedeemed(string EnrolmentId, string KeyId, DateTimeOffset RedeemedAt);

/// <summary>What approval and redemption decide on.</summary>
public sealed record EnrolmentState(
    string Id,
    string CodeHash,
    string Department,
    string Role,
    string? Label,
    TimeSpan KeyLifetime,
    bool NeedsApproval,
    string OpenedByKey,
    DateTimeOffset ExpiresAt,
    bool Approved = false,
    string? RedeemedFor = null)
{
    public static EnrolmentState Create(EnrolmentOpened e) => new(e.EnrolmentId, e.CodeHash, e.Department, e.Role,
        e.Label, e.KeyLifetime, e.NeedsApproval, e.OpenedByKey, e.ExpiresAt);

    public EnrolmentState Apply(EnrolmentApproved e) => this with { Approved = true };

    public EnrolmentState Apply(EnrolmentRedeemed e) => this with { RedeemedFor = e.KeyId };

    public static string StreamKey(string id) => $"enrolment/{id}";

    /// <summary>The state and the version it was read at, for an append that fails if anything came between.
    /// </summary>
    public static async Task<LoadedEnrolment> LoadAsync(IQuerySession session, string id,
        CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(StreamKey(id), token: ct);
        EnrolmentState? state = null;
        foreach (var e in events)
            state = e.Data switch
            {
                EnrolmentOpened o => Create(o),
                EnrolmentApproved a when state is not null => state.Apply(a),
                EnrolmentRedeemed r when state is not null => state.Apply(r),
                _ => state,
            };
        return new LoadedEnrolment(state, events.Count == 0 ? 0 : events[^1].Version);
    }
}

/// <summary>An enrolment as read for a decision, with the version to append at.</summary>
public sealed record LoadedEnrolment(EnrolmentState? State, long Version);

/// <summary>Codes look like <c>ote_{enrolmentId}.{secret}</c>; like a key, only a hash bound to the id is kept.
/// </summary>
public static class EnrolmentCodes
{
    private const string Prefix = "ote_";

    /// <summary>An enrolment lives a day at most: a code that lies around longer is more likely to leak.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static (string Id, string Code, string Hash) New()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}.{secret}", Hash(id, secret));
    }

    public static bool TryParse(string? code, out string id, out string secret)
    {
        id = secret = "";
        if (code is null || code.Length > 200 || !code.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var dot = code.IndexOf('.', Prefix.Length);
        if (dot < 0) return false;
        (id, secret) = (code[Prefix.Length..dot], code[(dot + 1)..]);
        return id.Length == 16 && id.All(char.IsAsciiHexDigitLower) && secret.Length > 0;
    }

    public static string Hash(string id, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"enrolment:{id}:{secret}")));

    public static bool Matches(string hash, string id, string secret) => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(id, secret)));
}
