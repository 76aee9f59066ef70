using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

public static class RetireResourceEndpoint
{
    public static Task<ChangeResourceSchemaEndpoint.Change> LoadAsync(string code, Marten.IQuerySession session,
        CancellationToken ct) => ChangeResourceSchemaEndpoint.LoadAsync(code, session, ct);

    public static ProblemDetails Validate(string code, ChangeResourceSchemaEndpoint.Change change,
        ClaimsPrincipal user)
    {
        if (change.Resource.State is not { } resource) return Problems.NotFound($"No resource '{code}'.");
        if (!user.IsDepartment(resource.Provider) && !user.IsInRole(Roles.Coordinator))
            return Problems.Forbidden($"Only the provider, {resource.Provider}, or the coordinating office retires "
                + $"{code}.");
        return resource.Retired ? Problems.Conflict($"{code} is retired already.") : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The resource goes out of service: every open grant under it is revoked (exchanges under it stop at once, as
    /// for any revoked grant), each consumer is told, and no new request or exchange is accepted for it. A grant
    /// given while this commits is no use either: exchanges check that the resource is in service.
    /// </summary>
    [WolverinePost("/api/resources/{code}/retirement"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<DataResource>(200), ProducesResponseType<ProblemDetails>(404)]
    [ProducesResponseType<ProblemDetails>(409)]
    public static (DataResource, IEnumerable<IMartenOp>, OutgoingMessages) Post(
        string code,
        RetireResource request,
        ChangeResourceSchemaEndpoint.Change change,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var reason = $"{code} was retired: {request.Reason.Trim()}";
        var retired = new ResourceRetired(code, request.Reason.Trim(), [.. change.Grants.Select(g => g.Id)], user.Id(),
            now);
        // At the version decided on: a new version committed meanwhile would otherwise notify grants this ends.
        var ops = new List<IMartenOp> { change.Resource.Append(retired) };
        var notices = new OutgoingMessages();
        foreach (var grant in change.Grants)
        {
            // Without a version: a grant revoked meanwhile is revoked again, which changes nothing.
            ops.Add(MartenOps.Append(grant.Id, new GrantRevoked(grant.Id, reason, user.Id(), now)));
            notices.Add(SharingNotices.To(grant.Consumer, grant.Id, "resource-retired", reason, http.CorrelationId(),
                now, $"/api/share-requests/{grant.Id}"));
        }
        ResourceProjection.Apply(retired, change.View!);
        return (change.View!.Resource, ops, notices);
    }
}
