using System.Text.Json;
using Marten;
using Wolverine.Marten;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

// A resource's lifecycle, on its stream resource/{code}: registered, new versions of its schema, retired.

/// <summary>A new version of the resource's schema; grants made before keep their fields.</summary>
public sealed record ResourceSchemaChanged(
    string Code,
    int Version,
    IReadOnlyList<ResourceFieldRecord> Fields,
    JsonElement RecordSchema,
    IReadOnlyList<string> QueryBy,
    string? Note,
    IReadOnlyList<string> GrantsNotified,
    string ChangedBy,
    DateTimeOffset ChangedAt);

/// <summary>The resource is out of service; <see cref="GrantsEnded"/> are the share requests whose grants were revoked
/// with it (each has its GrantRevoked).</summary>
public sealed record ResourceRetired(
    string Code,
    string Reason,
    IReadOnlyList<string> GrantsEnded,
    string RetiredBy,
    DateTimeOffset RetiredAt);

/// <summary>The resource as a lifecycle command decides on it, with the stream's version: a second change decided on
/// the same version fails on it (409) instead of numbering two versions alike.</summary>
public sealed record ResourceAt(Resource? State, long Version)
{
    public static async Task<ResourceAt> LoadAsync(string code, IQuerySession session, CancellationToken ct)
    {
        var key = Resource.StreamKey(code);
        var stream = await session.Events.FetchStreamStateAsync(key, ct);
        return stream is null ? new(null, 0)
            : new(await session.Events.AggregateStreamAsync<Resource>(key, stream.Version, token: ct), stream.Version);
    }

    /// <summary>One event on the resource's stream at the version decided on. Marten's expected version is the one
    /// the stream reaches with the events, not the one it is at: <see cref="Version"/> alone would refuse every
    /// change.</summary>
    public IMartenOp Append(object e) => MartenOps.Append(Resource.StreamKey(State!.Code), Version + 1, e);
}

public static class OpenGrants
{
    /// <summary>The share requests under which the resource is granted now (not revoked; the resource index).</summary>
    public static async Task<IReadOnlyList<ShareRequestView>> Of(string resource, IQuerySession session,
        CancellationToken ct)
    {
        var granted = await session.Query<ShareRequestView>()
            .Where(v => v.Resource == resource && v.State == ShareStates.Granted).ToListAsync(ct);
        return [.. granted.Where(v => v.Grant is { State: "active" }).OrderBy(v => v.Id, StringComparer.Ordinal)];
    }
}
