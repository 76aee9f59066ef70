using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class GetResourceEndpoint
{
    /// <summary>One data resource: its current version, and its retirement once retired.</summary>
    [WolverineGet("/api/resources/{code}"), Authorize]
    [ProducesResponseType<DataResource>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(string code, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ResourceView>(Resource.StreamKey(code), ct) is { } view
            ? Results.Ok(view.Resource)
            : Results.Problem(Problems.NotFound($"No resource '{code}'."));
}
