using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Delivery;

public static class ListDeliveriesEndpoint
{
    public const string List = "deliveries";

    /// <summary>What the caller asked the log for: the page and the filters, each checked.</summary>
    public sealed record DeliveryQuery(PageQuery Page, string? Outcome, DateTimeOffset? From, DateTimeOffset? To);

    public static (DeliveryQuery?, ProblemDetails) Load(
        int? limit,
        string? after,
        string? outcome,
        string? from,
        string? to)
    {
        var errors = new Dictionary<string, string[]>();
        ListFilters.OneOf(outcome, "outcome", DeliveryOutcomes.All, errors);
        var (f, t) = ListFilters.Range(from, to, errors);
        if (errors.Count > 0) return (null, Problems.Validation(errors));
        var (page, problem) = Paging.ReadTimed(limit, after, List);
        return page is null ? (null, problem) : (new DeliveryQuery(page, outcome, f, t), WolverineContinue.NoProblems);
    }

    /// <summary>
    /// The caller's own delivery log, newest first: every attempt to deliver a message to it (webhook or inbox),
    /// with its outcome, and its test pings. <c>?outcome=delivered|failed</c>, <c>?from=</c> (counts),
    /// <c>?to=</c> (does not). A department sees its own attempts only; there is no parameter for another's.
    /// </summary>
    [WolverineGet("/api/deliveries"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<Page<DeliveryAttempt>>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<Page<DeliveryAttempt>> Get(
        DeliveryQuery query,
        ClaimsPrincipal user,
        IQuerySession session,
        CancellationToken ct)
    {
        var department = user.Department()!;
        var rows = session.Query<DeliveryAttemptView>().Where(a => a.Department == department);
        if (query.Outcome is { } outcome) rows = rows.Where(a => a.Outcome == outcome);
        if (query.From is { } from) rows = rows.Where(a => a.At >= from);
        if (query.To is { } to) rows = rows.Where(a => a.At < to);
        var fetched = await rows.Seek(query.Page, a => a.At, a => a.Id, newestFirst: true).ToListAsync(ct);
        var page = Paging.Of(fetched, query.Page, a => a.At, a => a.Id);
        return new Page<DeliveryAttempt>([.. page.Items.Select(a => a.ToContract())], page.Next);
    }
}
