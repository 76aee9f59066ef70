using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class ListDisputesEndpoint
{
    public const string List = "disputes";

    public static readonly IReadOnlyList<string> States = ["open", "ruled"];

    // Disputes raised before DisputeRaised named its resource have none, and no ?resource= finds them.
    public static readonly SharingListShape<DisputeView> Shape = new(v => v.Status.Consumer, v => v.Status.Provider,
        v => v.Status.Resource!, v => v.Status.State, v => v.Status.RaisedAt, v => v.Id);

    public static (SharingQuery?, ProblemDetails) Load(
        int? limit,
        string? after,
        string? state,
        string? resource,
        string? consumer,
        string? provider) =>
        SharingLists.Read(List, States, limit, after, state, resource, consumer, provider);

    /// <summary>Disputes by the time they were raised, oldest first: the coordinating office finds the open ones to
    /// rule (<c>?state=open</c>), each party its own.</summary>
    [WolverineGet("/api/disputes"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<Page<DisputeStatus>>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<Page<DisputeStatus>> Get(
        SharingQuery query,
        ClaimsPrincipal user,
        IQuerySession session,
        CancellationToken ct)
    {
        var page = Paging.Of(await SharingLists.Rows(session, query, user, Shape, ct), query.Page, Shape.AtOf,
            Shape.IdOf);
        return new Page<DisputeStatus>([.. page.Items.Select(v => v.Status)], page.Next);
    }
}
