using Marten;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Licences;

/// <summary>
/// An amendment's event, appended at the version of the licence stream its decision was taken on. It is the check
/// <c>[WriteAggregate]</c> makes, done here because an amendment arrives on the push route, where a new licence
/// starts a stream instead: a revocation or another amendment committed in between makes this one fail (409).
/// </summary>
public sealed record AppendAtVersion(string Stream, long Version, IReadOnlyList<object> Events) : IMartenOp
{
    // By hand: the push route decides new or amendment only after loading; the expected version makes a revocation
    // or an amendment committed in between fail this one (409).
    public void Execute(IDocumentSession session) =>
        session.Events.Append(Stream, Version + Events.Count, [.. Events]);
}
