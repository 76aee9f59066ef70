using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace OneThing.Hub.Features.Delivery;

/// <summary>Wolverine's dead-letter storage, seen by the coordinating office's operators.</summary>
public static class DeadLetterEndpoints
{
    [WolverineGet("/api/dead-letters"), Authorize(Roles = Roles.Coordinator)]
    public static async Task<DeadLetterList> List(string? department, IWolverineRuntime runtime, CancellationToken ct)
    {
        // Every page (they are numbered from 1): a department's letters may lie beyond the first thousand.
        var envelopes = new List<DeadLetterEnvelope>();
        for (var page = 1; ; page++)
        {
            var request = new DeadLetterEnvelopeGetRequest { Limit = 1000, PageNumber = page };
            var found = (await runtime.Stores.FetchDeadLetterEnvelopesAsync(request, ct))
                .SelectMany(p => p.Envelopes).ToList();
            envelopes.AddRange(found);
            if (found.Count < 1000) break;
        }
        var letters = envelopes.Select(e =>
        {
            var message = (e.Message as DeliverToDepartment)?.Message;
            return new DeadLetter(e.Id, e.ExceptionMessage, e.Replayable, message?.MessageId, message?.Department,
                message?.Kind ?? e.MessageType, e.SentAt);
        }).Where(d => department is null || d.Department == department).ToList();
        return new DeadLetterList(letters.Count, letters);
    }
}

/// <summary>Puts dead letters back on their department's queue; each is tried again from its first attempt.</summary>
public static class ReplayDeadLettersEndpoint
{
    public static ProblemDetails Validate(ReplayDeadLetters request) =>
        request?.Ids is { Count: > 0 and <= 1000 }
            ? WolverineContinue.NoProblems
            : Problems.Validation("ids", "Give 1 to 1000 ids.");

    [WolverinePost("/api/dead-letters/replay"), Authorize(Roles = Roles.Coordinator)]
    [ProducesResponseType(202), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<(IResult, IEnumerable<IMartenOp>)> Replay(
        ReplayDeadLetters request,
        IWolverineRuntime runtime,
        IQuerySession session,
        ClaimsPrincipal user,
        TimeProvider clock,
        CancellationToken ct)
    {
        await runtime.Stores.ReplayDeadLettersAsync([.. request.Ids]);
        // The departments' own lists show the replay too.
        var ids = request.Ids.Distinct().ToList();
        var letters = await session.Query<DeadLetterView>().Where(d => d.DeadLetterId.In(ids)).ToListAsync(ct);
        return (Results.Accepted("/api/dead-letters"),
            ReplayOwnDeadLettersEndpoint.Replayed(letters.Where(l => l.State == DeadLetterStates.Dead),
                user.Id(), clock));
    }
}
