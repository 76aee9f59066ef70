using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

public static class ChangeResourceSchemaEndpoint
{
    /// <summary>The resource, as decided on and as shown, and the grants whose consumers are told.</summary>
    public sealed record Change(ResourceAt Resource, ResourceView? View, IReadOnlyList<ShareRequestView> Grants);

    public static async Task<Change> LoadAsync(string code, IQuerySession session, CancellationToken ct) =>
        new(await ResourceAt.LoadAsync(code, session, ct),
            await session.LoadAsync<ResourceView>(Resource.StreamKey(code), ct),
            await OpenGrants.Of(code, session, ct));

    public static ProblemDetails Validate(string code, ChangeResourceSchema request, Change change,
        ClaimsPrincipal user)
    {
        if (change.Resource.State is not { } resource) return Problems.NotFound($"No resource '{code}'.");
        if (!user.IsDepartment(resource.Provider))
            return Problems.Forbidden($"Only the provider, {resource.Provider}, versions {code}.");
        if (resource.Retired) return Problems.Conflict($"{code} is retired.");
        var errors = ResourceRules.Check(request.Fields, request.QueryBy, request.RecordSchema);
        return errors.Count > 0 ? Problems.Validation(errors) : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The provider publishes a new version of a resource's schema. Grants made before keep their fields (a field
    /// the new version drops is still theirs to ask, and the provider's answers are checked against the new record
    /// schema); each consumer holding a grant is told, with the fields its grant has that the new version lacks.
    /// </summary>
    [WolverinePost("/api/resources/{code}/versions"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<DataResource>(200), ProducesResponseType<ProblemDetails>(404)]
    [ProducesResponseType<ProblemDetails>(409)]
    public static (DataResource, IMartenOp, OutgoingMessages) Post(
        string code,
        ChangeResourceSchema request,
        Change change,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var resource = change.Resource.State!;
        var changed = new ResourceSchemaChanged(code, resource.Version + 1,
            [.. request.Fields.Select(ResourceFieldRecord.From)], request.RecordSchema, request.QueryBy, request.Note,
            [.. change.Grants.Select(g => g.Id)], user.Id(), now);
        var fields = request.Fields.Select(f => f.Code).ToHashSet();
        var notices = new OutgoingMessages();
        foreach (var grant in change.Grants)
        {
            var gone = grant.Grant!.Fields.Where(f => !fields.Contains(f)).ToList();
            var detail = $"{code} is at version {changed.Version}"
                + (request.Note is null ? "" : $" ({request.Note})")
                + $"; your grant keeps its fields: {string.Join(", ", grant.Grant.Fields)}"
                + (gone.Count == 0 ? "." : $"; not in the new version: {string.Join(", ", gone)}.");
            notices.Add(SharingNotices.To(grant.Consumer, grant.Id, "resource-versioned", detail, http.CorrelationId(),
                now, $"/api/resources/{code}"));
        }
        // Appended at the version decided on: two new versions at once cannot both be version n + 1.
        ResourceProjection.Apply(changed, change.View!);
        return (change.View!.Resource, change.Resource.Append(changed), notices);
    }
}
