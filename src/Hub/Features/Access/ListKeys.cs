using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Access;

public static class ListKeysEndpoint
{
    public static ProblemDetails Validate(string code, int? limit, string? after, ClaimsPrincipal user)
    {
        if (!user.IsInRole(Roles.Coordinator) && !user.IsDepartment(code))
            return Problems.Forbidden($"Only {code} and the coordinating office list {code}'s keys.");
        if (limit is < 1 or > 500) return Problems.Validation("limit", "Use 1 to 500.");
        return after is not null && !IsKeyId(after)
            ? Problems.Validation("after", "Not a cursor of this list.") : WolverineContinue.NoProblems;
    }

    /// <summary>A unit's keys, by key id: who holds which role until when, and which were revoked or replaced.
    /// Neither secrets nor their hashes.</summary>
    [WolverineGet("/api/departments/{code}/keys"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<ApiKeyList>(200)]
    public static async Task<ApiKeyList> Get(
        string code,
        int? limit,
        string? after,
        IQuerySession session,
        CancellationToken ct)
    {
        var take = limit ?? 50;
        var query = session.Query<ApiKey>().Where(k => k.Department == code);
        if (after is not null) query = query.Where(k => k.Id.CompareTo(after) > 0);
        var page = await query.OrderBy(k => k.Id).Take(take + 1).ToListAsync(ct);
        return new ApiKeyList([.. page.Take(take).Select(k => k.ToContract())],
            page.Count > take ? page[take - 1].Id : null);
    }

    // The cursor is the last key id of the page: sixteen lowercase hex digits.
    private static bool IsKeyId(string after) => after.Length == 16 && after.All(char.IsAsciiHexDigitLower);
}
