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
    AuditProblem? FirstProblem = null
);

public sealed record AuditProblem(long Sequence, string Problem, Guid? EventId = null, string? Stream = null);

/// <summary>
/// A signed seal over a batch of the chain: <see cref="Digest"/> is SHA-256 over the batch's hashes in order, and
/// <see cref="Signature"/> the hub's ECDSA P-256 signature (P1363, base64) over <c>"{batch}|{from}|{to}|{digest}"</c>.
/// </summary>
public sealed record AuditSeal(
    long Batch,
    long FromSequence,
    long ToSequence,
    string Digest,
    string Signature,
    DateTimeOffset SealedAt,
    IReadOnlyList<string>? Hashes = null
);

/// <summary>Everything a third party needs to check one case offline: its events (canonical bytes), each with the
/// hash before it and its own, the seals that cover them with their hash lists, and the hub's public audit
/// key.</summary>
public sealed record ProofBundle(
    string Correlation,
    string PublicKey,
    IReadOnlyList<ProofEntry> Entries,
    IReadOnlyList<AuditSeal> Seals
);

public sealed record ProofEntry(long Sequence, string Canonical, string PreviousHash, string Hash);

/// <summary>
/// The offline check of a proof bundle, needing nothing but the bundle: every entry's hash is SHA-256 of the previous
/// hash (hex) and its canonical text; every hash stands in a seal's list; every seal's digest and signature hold.
/// </summary>
public static class ProofCheck
{
    public static string? Problem(ProofBundle bundle)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(bundle.PublicKey), out _);
        foreach (var seal in bundle.Seals)
        {
            var digest = Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(
                    System.Text.Encoding.ASCII.GetBytes(string.Concat(seal.Hashes ?? []))
                )
            );
            if (digest != seal.Digest)
                return $"seal {seal.Batch}: its hashes do not match its digest";
            var signed = System.Text.Encoding.ASCII.GetBytes(
                $"{seal.Batch}|{seal.FromSequence}|{seal.ToSequence}|{seal.Digest}"
            );
            if (
                !key.VerifyData(
                    signed,
                    Convert.FromBase64String(seal.Signature),
                    System.Security.Cryptography.HashAlgorithmName.SHA256
                )
            )
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
