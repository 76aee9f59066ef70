namespace OneThing.Hub.Features.Audit;

// What audit records of its own use. Each kind goes to a stream of its own (AuditStreams), never to the stream of
// what was read, so that reading never contends with the writers of a case.

/// <summary>A reveal of personal data; <see cref="Reason"/>, when given, revealed the sensitive categories too.
/// </summary>
public sealed record AuditRevealed(
    string Officer,
    string Query,
    string RevealedBy,
    DateTimeOffset RevealedAt,
    string? Reason = null);

public sealed record AuditExported(
    string Officer,
    string Query,
    long Events,
    string ExportedBy,
    DateTimeOffset ExportedAt);

public sealed record CaseErased(
    string Correlation,
    string Reason,
    int Events,
    string ErasedBy,
    DateTimeOffset ErasedAt,
    int? Documents = null,
    int? Contents = null,
    int? Answers = null);

public static class AuditStreams
{
    public const string Reveals = "audit/reveals";
    public const string Exports = "audit/exports";
    public const string Erasures = "audit/erasures";
}
