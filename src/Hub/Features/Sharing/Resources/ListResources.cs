using Marten;
using OneThing.Contracts;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class ListResourcesEndpoint
{
    /// <summary>Every data resource, with what it shares under which class.</summary>
    [WolverineGet("/api/resources")]
    public static async Task<ResourceList> List(string? provider, IQuerySession session, CancellationToken ct)
    {
        var views = await session.Query<ResourceView>().OrderBy(r => r.Id).ToListAsync(ct);
        var resources = views.Select(v => v.Resource).Where(r => provider is null || r.Provider == provider).ToList();
        return new ResourceList(resources.Count, resources);
    }
}
