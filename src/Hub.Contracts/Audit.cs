using System.Text.Json;

namespace OneThing.Contracts;

/// <summary>One fact of the event log as a data governance officer sees it; personal data masked unless
/// revealed.</summary>
public sealed record AuditEvent(
    long Sequence,
    Guid Id,
    string Stream,
    long Version,
    string Type,
    DateTimeOffset Timestamp,
    JsonElement Data,
    string? Principal = null,
    string? Department = null,
    string? CorrelationId = null,
    string? CausationId = null,
    string? Hash = null
);

/// <summary>A page of the log, oldest first; <see cref="Next"/> is the opaque cursor for <c>?after=</c>.</summary>
public sealed record AuditPage(int Count, IReadOnlyList<AuditEvent> Events, string? Next = null);

/// <summary>Is the log intact? The hash chain recomputed from the stored events, and the signed seals
/// checked.</summary>
public sealed record AuditVerification(
    string Status,
    long EventsChecked,
    long SealedUpTo,
    int SealsChecked,
    string Detail,
    AuditProblem? FirstProblem = null,
    int? SealsWitnessed = null,
    IReadOnlyList<TamperedDocument>? TamperedDocuments = null
);

/// <summary>A document that grants rights (an API key, a grant, a signing key, a delivery channel) whose stored form
/// no longer matches the keyed digest its projection wrote: it was edited behind the hub's back.</summary>
public sealed record TamperedDocument(string Type, string Id);

public sealed record AuditProblem(long Sequence, string Problem, Guid? EventId = null, string? Stream = null);

/// <summary>
/// A signed seal over a batch of the chain: <see cref="Digest"/> is SHA-256 over the batch's hashes in order, and
/// <see cref="Signature"/> the hub's ECDSA P-256 signature (P1363, base64) over <see cref="ProofCheck.SignedText"/>:
/// <c>"{batch}|{from}|{to}|{digest}|{previous}"</c>, where <see cref="Previous"/> is the previous seal's hash
/// (<see cref="ProofCheck.SealHash"/>), so that seals chain. Seals made before anchoring have no
/// <see cref="Previous"/> and signed <c>"{batch}|{from}|{to}|{digest}"</c>.
/// </summary>
public sealed record AuditSeal(
    long Batch,
    long FromSequence,
    long ToSequence,
    string Digest,
    string Signature,
    DateTimeOffset SealedAt,
    IReadOnlyList<string>? Hashes = null,
    string? Previous = null,
    string? KeyId = null
);

/// <summary>
/// One line of the audit witness (an append-only file outside the database, by default): a seal as the hub published
/// it, with its hash and the public key that signed it. Lines chain: each <see cref="Previous"/> is the line before's
/// <see cref="Seal"/>.
/// </summary>
public sealed record WitnessEntry(
    long Batch,
    long FromSequence,
    long ToSequence,
    string Digest,
    string? Previous,
    string Seal,
    string Signature,
    string? KeyId,
    string PublicKey,
    DateTimeOffset WitnessedAt
);

/// <summary>Everything a third party needs to check one case offline: its events (canonical bytes), each with the
/// hash before it and its own, the seals that cover them with their hash lists, and the hub's public audit
/// key.</summary>
public sealed record ProofBundle(
    string Correlation,
    string PublicKey,
    IReadOnlyList<ProofEntry> Entries,
    IReadOnlyList<AuditSeal> Seals,
    string? LegacyPublicKey = null
);

public sealed record ProofEntry(long Sequence, string Canonical, string PreviousHash, string Hash);

/// <summary>
/// The offline check of a proof bundle, needing nothing but the bundle: every entry's hash is SHA-256 of the previous
/// hash (hex) and its canonical text; every hash stands in a seal's list; every seal's digest and signature hold.
/// <see cref="WitnessProblem"/> adds the check against the witness: every seal of the bundle was published there.
/// </summary>
public static class ProofCheck
{
    public static string? Problem(ProofBundle bundle)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(bundle.PublicKey), out _);
        using var legacy = System.Security.Cryptography.ECDsa.Create();
        legacy.ImportSubjectPublicKeyInfo(Convert.FromBase64String(bundle.LegacyPublicKey ?? bundle.PublicKey), out _);
        foreach (var seal in bundle.Seals)
        {
            var digest = Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(
                    System.Text.Encoding.ASCII.GetBytes(string.Concat(seal.Hashes ?? []))
                )
            );
            if (digest != seal.Digest)
                return $"seal {seal.Batch}: its hashes do not match its digest";
            var signer = seal.Previous is null ? legacy : key;
            if (!Signed(signer, seal.Batch, seal.FromSequence, seal.ToSequence, seal.Digest, seal.Previous,
                    seal.Signature))
                return $"seal {seal.Batch}: the signature does not verify";
        }
        foreach (var entry in bundle.Entries)
        {
            var hash = AuditHash(entry.PreviousHash, entry.Canonical);
            if (hash != entry.Hash)
                return $"event {entry.Sequence}: its hash does not match its content";
            if (
                !bundle.Seals.Any(s =>
                    s.FromSequence <= entry.Sequence
                    && entry.Sequence <= s.ToSequence
                    && (s.Hashes ?? []).Contains(hash)
                )
            )
                return $"event {entry.Sequence}: no seal covers it";
        }
        return null;
    }

    /// <summary>
    /// The bundle against the witness (its lines, oldest first): the witness chains line to line, and every seal of
    /// the bundle stands in it with the same hash. A seal re-made after the history was edited has another hash than
    /// the one the witness kept.
    /// </summary>
    public static string? WitnessProblem(ProofBundle bundle, IReadOnlyList<WitnessEntry> witness)
    {
        if (WitnessChainProblem(witness) is { } broken)
            return broken;
        if (Problem(bundle) is { } problem)
            return problem;
        var byBatch = witness.ToDictionary(w => w.Batch);
        foreach (var seal in bundle.Seals)
        {
            if (!byBatch.TryGetValue(seal.Batch, out var seen))
                return $"seal {seal.Batch}: the witness never saw it";
            if (SealHash(seal.Batch, seal.FromSequence, seal.ToSequence, seal.Digest, seal.Previous) != seen.Seal)
                return $"seal {seal.Batch}: the witness saw another seal {seal.Batch}: the history was re-sealed";
        }
        return null;
    }

    /// <summary>The witness on its own: numbered without gaps, each line chained to the one before, each line's hash
    /// its content's and its signature good under the key it names.</summary>
    public static string? WitnessChainProblem(IReadOnlyList<WitnessEntry> witness)
    {
        for (var i = 0; i < witness.Count; i++)
        {
            var w = witness[i];
            if (i > 0 && w.Batch != witness[i - 1].Batch + 1)
                return $"witness: seal {w.Batch} follows seal {witness[i - 1].Batch}";
            if (i > 0 && w.Previous is not null && w.Previous != witness[i - 1].Seal)
                return $"witness: seal {w.Batch} does not chain to seal {witness[i - 1].Batch}";
            if (SealHash(w.Batch, w.FromSequence, w.ToSequence, w.Digest, w.Previous) != w.Seal)
                return $"witness: seal {w.Batch}'s hash does not match its content";
            using var key = System.Security.Cryptography.ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(w.PublicKey), out _);
            if (!Signed(key, w.Batch, w.FromSequence, w.ToSequence, w.Digest, w.Previous, w.Signature))
                return $"witness: seal {w.Batch}'s signature does not verify";
        }
        return null;
    }

    /// <summary>What a seal's signature covers; seals from before anchoring (no previous) covered less.</summary>
    public static string SignedText(long batch, long from, long to, string digest, string? previous) =>
        previous is null ? $"{batch}|{from}|{to}|{digest}" : $"{batch}|{from}|{to}|{digest}|{previous}";

    /// <summary>A seal's hash: what the next seal chains to and what the witness keeps.</summary>
    public static string SealHash(long batch, long from, long to, string digest, string? previous) =>
        Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.ASCII.GetBytes(SignedText(batch, from, to, digest, previous))
            )
        );

    /// <summary>A key's id: the first 16 hex digits of SHA-256 over its public half (SubjectPublicKeyInfo).</summary>
    public static string KeyId(string publicKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(publicKey)))[
            ..16
        ];

    private static bool Signed(
        System.Security.Cryptography.ECDsa key,
        long batch,
        long from,
        long to,
        string digest,
        string? previous,
        string signature
    )
    {
        try
        {
            return key.VerifyData(
                System.Text.Encoding.ASCII.GetBytes(SignedText(batch, from, to, digest, previous)),
                Convert.FromBase64String(signature),
                System.Security.Cryptography.HashAlgorithmName.SHA256
            );
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string AuditHash(string previousHash, string canonical) =>
        Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(previousHash + "\n" + canonical)
            )
        );
}

/// <summary>Erase a case's personal data from the log (the chain stays intact: it was computed over the blinded
/// form).</summary>
public sealed record EraseCase(string Correlation, string Reason);
