using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Delivery;

/// <summary>A message waiting in a pull-mode department's inbox until it is acknowledged.</summary>
public sealed class InboxItem
{
    public Guid Id { get; set; }
    public string Department { get; set; } = "";
    public DepartmentMessage Message { get; set; } = null!;
    public DateTimeOffset EnqueuedAt { get; set; }
    public DateTimeOffset VisibleAfter { get; set; }
    public DateTimeOffset? AckedAt { get; set; }

    public static InboxItem Enqueue(DepartmentMessage m, DateTimeOffset now) =>
        new() { Id = m.MessageId, Department = m.Department, Message = m, EnqueuedAt = now, VisibleAfter = now };
}

public static class PullInboxEndpoint
{
    /// <summary>How long a pulled message stays hidden; unacknowledged, it comes back after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    public static ProblemDetails Validate(int? limit) =>
        limit is < 1 or > 500 ? Problems.Validation("limit", "Use 1 to 500.") : WolverineContinue.NoProblems;

    /// <summary>The caller's unacknowledged messages, oldest first. Each is leased for a minute; ack it or it comes
    /// back.</summary>
    [ProducesResponseType<InboxPage>(200)]
    [WolverineGet("/api/inbox"), Authorize(Roles = Roles.Department)]
    public static async Task<IResult> Pull(
        int? limit,
        ClaimsPrincipal user,
        IDocumentSession session,
        TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var department = user.Department()!;
        // Pulled rows stay locked until this request commits, and locked rows are skipped: two pulls at the same
        // moment never lease the same message.
        await session.BeginTransactionAsync(ct);
        var due = await session.QueryAsync<InboxItem>("""
            select data from hub.mt_doc_inboxitem
            where data->>'department' = ? and data->>'ackedAt' is null and (data->>'visibleAfter')::timestamptz <= ?
            order by (data->>'enqueuedAt')::timestamptz limit ? for update skip locked
            """, ct, department, now, limit ?? 50);
        foreach (var item in due)
        {
            item.VisibleAfter = now + Lease;
            session.Store(item);
        }
        return Results.Ok(new InboxPage(due.Select(i => i.Message).ToList(), (int)Lease.TotalSeconds));
    }

}

public static class AckInboxEndpoint
{
    /// <summary>Acknowledges a message: it is not delivered again.</summary>
    [WolverinePost("/api/inbox/{messageId}/ack"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType(204), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Ack(
        Guid messageId,
        ClaimsPrincipal user,
        IDocumentSession session,
        TimeProvider clock,
        CancellationToken ct)
    {
        var item = await session.LoadAsync<InboxItem>(messageId, ct);
        if (item is null || item.Department != user.Department())
            return Results.Problem(Problems.NotFound($"No message {messageId} in your inbox."));
        item.AckedAt ??= clock.GetUtcNow();
        session.Store(item);
        return Results.NoContent();
    }
}
