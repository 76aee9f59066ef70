using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace OneThing.Hub.Features.Delivery;

/// <summary>A department's own dead letters, newest first; <c>?state=dead|replayed</c>.</summary>
public static class ListOwnDeadLettersEndpoint
{
    public const string List = "dead-letters";

    public static (PageQuery?, ProblemDetails) Load(int? limit, string? after) => Paging.ReadTimed(limit, after, List);

    public static ProblemDetails Validate(string code, string? state, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(code)) return Problems.Forbidden($"Only {code} lists its own dead letters.");
        return state is null || DeadLetterStates.All.Contains(state)
            ? WolverineContinue.NoProblems
            : Problems.Validation("state", $"Use one of {string.Join(", ", DeadLetterStates.All)}.");
    }

    [WolverineGet("/api/departments/{code}/dead-letters"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<Page<DepartmentDeadLetter>>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<Page<DepartmentDeadLetter>> Get(
        string code,
        string? state,
        PageQuery page,
        IQuerySession session,
        CancellationToken ct)
    {
        var rows = session.Query<DeadLetterView>().Where(d => d.Department == code);
        if (state is not null) rows = rows.Where(d => d.State == state);
        var fetched = await rows.Seek(page, d => d.DeadLetteredAt, d => d.Id, newestFirst: true).ToListAsync(ct);
        var letters = Paging.Of(fetched, page, d => d.DeadLetteredAt, d => d.Id);
        return new Page<DepartmentDeadLetter>([.. letters.Items.Select(d => d.ToContract())], letters.Next);
    }
}

/// <summary>A department puts its own dead letters back on its queue (once its webhook is mended); another's are not
/// found, whether they exist or not.</summary>
public static class ReplayOwnDeadLettersEndpoint
{
    /// <summary>The letters asked for that are the department's own.</summary>
    public sealed record OwnLetters(IReadOnlyList<DeadLetterView> Letters);

    public static async Task<OwnLetters> LoadAsync(
        string code,
        ReplayDeadLetters request,
        IQuerySession session,
        CancellationToken ct)
    {
        var ids = request?.Ids?.Distinct().ToList() ?? [];
        return new(await session.Query<DeadLetterView>()
            .Where(d => d.Department == code && d.DeadLetterId.In(ids)).ToListAsync(ct));
    }

    public static ProblemDetails Validate(
        string code,
        ReplayDeadLetters request,
        OwnLetters own,
        ClaimsPrincipal user)
    {
        var letters = own.Letters;
        if (!user.IsDepartment(code)) return Problems.Forbidden($"Only {code} replays its own dead letters.");
        if (request.Ids.Count is 0 or > 1000) return Problems.Validation("ids", "Give 1 to 1000 ids.");
        var missing = request.Ids.Where(id => letters.All(l => l.DeadLetterId != id)).Distinct().ToList();
        if (missing.Count > 0)
            return Problems.NotFound($"No dead letters of {code}: {string.Join(", ", missing.Take(10))}.");
        var replayed = letters.Where(l => l.State != DeadLetterStates.Dead).Select(l => l.DeadLetterId).ToList();
        return replayed.Count > 0
            ? Problems.Conflict($"Replayed already: {string.Join(", ", replayed.Take(10))}.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>Each letter is tried again from its first attempt; its replay is recorded on its attempts stream.
    /// </summary>
    [WolverinePost("/api/departments/{code}/dead-letters/replay"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType(202), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<(IResult, IEnumerable<IMartenOp>)> Post(
        string code,
        ReplayDeadLetters request,
        OwnLetters own,
        ClaimsPrincipal user,
        IWolverineRuntime runtime,
        TimeProvider clock)
    {
        await runtime.Stores.ReplayDeadLettersAsync([.. own.Letters.Select(l => l.DeadLetterId)]);
        return (Results.Accepted($"/api/departments/{code}/dead-letters"), Replayed(own.Letters, user.Id(), clock));
    }

    /// <summary>The replay of each letter, on its own attempts stream (one stream per message: no two replays
    /// contend).</summary>
    public static IEnumerable<IMartenOp> Replayed(IEnumerable<DeadLetterView> letters, string by, TimeProvider clock) =>
        letters.Select(l => (IMartenOp)MartenOps.Append(l.Id,
            new DeadLetterReplayed(l.MessageId, l.Department, l.DeadLetterId, by, clock.GetUtcNow())));
}
