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
    public const string List = "keys";

    public static (PageQuery?, ProblemDetails) Load(int? limit, string? after) =>
        Paging.ReadTimed(limit, after, List);

    public static ProblemDetails Validate(string code, ClaimsPrincipal user) =>
        user.IsInRole(Roles.Coordinator) || user.IsDepartment(code)
            ? WolverineContinue.NoProblems
            : Problems.Forbidden($"Only {code} and the coordinating office list {code}'s keys.");

    /// <summary>A unit's keys in the order they were issued: who holds which role until when, and which were revoked
    /// or replaced. Neither secrets nor their hashes.</summary>
    [WolverineGet("/api/departments/{code}/keys"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<Page<ApiKeyInfo>>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<Page<ApiKeyInfo>> Get(
        string code,
        PageQuery page,
        IQuerySession session,
        CancellationToken ct)
    {
        var rows = await session.Query<ApiKey>().Where(k => k.Department == code)
            .Seek(page, k => k.IssuedAt, k => k.Id).ToListAsync(ct);
        var keys = Paging.Of(rows, page, k => k.IssuedAt, k => k.Id);
        return new Page<ApiKeyInfo>([.. keys.Items.Select(k => k.ToContract())], keys.Next);
    }
}
