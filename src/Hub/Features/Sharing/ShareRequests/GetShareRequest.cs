using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class GetShareRequestEndpoint
{
    public static async Task<ShareRequestView?> LoadAsync(string id, IQuerySession session, CancellationToken ct) =>
        DocumentDigests.Verified(await session.LoadAsync<ShareRequestView>(id, ct));

    public static ProblemDetails Validate(string id, ShareRequestView? view, ClaimsPrincipal user) =>
        view is null ? Problems.NotFound($"No share request {id}.") : user.ReadProblem("a share request",
            view.Consumer, view.Provider);

    [WolverineGet("/api/share-requests/{id}"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<ShareRequestStatus>(200)]
    public static IResult Get(string id, ShareRequestView view, WorkingCalendar calendar) =>
        Results.Ok(view.Status(calendar));
}
