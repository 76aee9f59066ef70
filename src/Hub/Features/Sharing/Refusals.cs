using Marten;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

// Stream refusals/{department}: the attempts that were turned away, kept for audit.
public sealed record ShareRequestRefused(string Consumer, string Resource, string Reason, string RequestedBy,
    DateTimeOffset RefusedAt);

public sealed record ExchangeRefused(
    string Consumer,
    string? ShareRequest,
    string? Resource,
    string Reason,
    string RequestedBy,
    DateTimeOffset RefusedAt);

/// <summary>
/// Records a refusal on the department's refusal log. A plain append on purpose: the log is never decided on, so
/// there is no version to check, and two refusals at the same moment must both be kept rather than one be a 409.
/// </summary>
public sealed record RecordRefusal(string Consumer, object Refusal) : IMartenOp
{
    public static string StreamKey(string department) => $"refusals/{department}";

    // By hand: nothing is decided from this stream, and concurrent refusals must all be kept (no version check).
    public void Execute(IDocumentSession session) => session.Events.Append(StreamKey(Consumer), Refusal);
}
