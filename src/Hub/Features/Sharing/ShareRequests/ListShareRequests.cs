using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class ListShareRequestsEndpoint
{
    public const string List = "share-requests";

    public static readonly IReadOnlyList<string> States =
        [ShareStates.Pending, ShareStates.Granted, ShareStates.Rejected, ShareStates.Disputed];

    public static readonly SharingListShape<ShareRequestView> Shape =
        new(v => v.Consumer, v => v.Provider, v => v.Resource, v => v.State, v => v.RequestedAt, v => v.Id);

    public static (SharingQuery?, ProblemDetails) Load(
        int? limit,
        string? after,
        string? state,
        string? resource,
        string? consumer,
        string? provider) =>
        SharingLists.Read(List, States, limit, after, state, resource, consumer, provider);

    /// <summary>Share requests by the time they were made, oldest first: a provider finds the ones waiting for its
    /// answer (<c>?state=pending&amp;provider=</c> itself), a consumer its own; the coordinating office all of
    /// them. Each as GET /api/share-requests/{id} shows it.</summary>
    [WolverineGet("/api/share-requests"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<Page<ShareRequestStatus>>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<Page<ShareRequestStatus>> Get(
        SharingQuery query,
        ClaimsPrincipal user,
        IQuerySession session,
        WorkingCalendar calendar,
        CancellationToken ct)
    {
        var page = Paging.Of(await SharingLists.Rows(session, query, user, Shape, ct), query.Page, Shape.AtOf,
            Shape.IdOf);
        // A grant is shown only from a document whose digest holds, here as in GET /api/share-requests/{id}.
        return new Page<ShareRequestStatus>([.. page.Items.Select(v => DocumentDigests.Verified(v)!.Status(calendar))],
            page.Next);
    }
}
