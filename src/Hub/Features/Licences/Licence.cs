namespace OneThing.Hub.Features.Licences;

// A licence's life; its stream key is the licence id. Holder identity numbers appear in the signed document (the
// signature needs them) and, for finding a holder's licences, only as a keyed digest (HolderKey).
public sealed record LicenceIssued(
    string LicenceId,
    string Type,
    string Number,
    string Issuer,
    string HolderKey,
    SignedDocument Document,
    DocumentSignature Signature,
    string Digest,
    string PushedBy,
    DateTimeOffset PushedAt);

public sealed record LicenceAmended(
    string LicenceId,
    int Version,
    SignedDocument Document,
    DocumentSignature Signature,
    string Digest,
    string PushedBy,
    DateTimeOffset PushedAt);

public sealed record LicenceRevoked(string LicenceId, string Reason, string RevokedBy, DateTimeOffset RevokedAt);

/// <summary>Whether a licence may still change. Expiry is not a state: it follows from the date of a read.</summary>
public enum LicenceState { Active, Revoked }

/// <summary>
/// What amendments and revocations decide from. Reads of the licence are recorded on a stream of their own
/// (<see cref="LicenceReads"/>), so this stream changes only when the licence does, and writers keep optimistic
/// versions. Events of older streams that this state does not use (pulls, as main once wrote them) are skipped.
/// </summary>
public sealed record Licence(string Id, string Type, string Number, string Issuer, int Revision, LicenceState State)
{
    public static Licence Create(LicenceIssued e) =>
        new(e.LicenceId, e.Type, e.Number, e.Issuer, 1, LicenceState.Active);

    public Licence Apply(LicenceAmended e) => this with { Revision = e.Version };

    public Licence Apply(LicenceRevoked e) => this with { State = LicenceState.Revoked };

    public bool Revoked => State == LicenceState.Revoked;

    /// <summary>The state after a stream's events, oldest first; null before its issue.</summary>
    public static Licence? From(IEnumerable<object> events) =>
        events.Aggregate((Licence?)null, (state, e) => (state, e) switch
        {
            (null, LicenceIssued issued) => Create(issued),
            ({ } licence, LicenceAmended amended) => licence.Apply(amended),
            ({ } licence, LicenceRevoked revoked) => licence.Apply(revoked),
            _ => state,
        });
}
