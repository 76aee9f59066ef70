using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Metrics;

/// <summary>A broken time limit or SLA; its id is the id of the event that broke it.</summary>
public sealed class SlaBreachDoc
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Department { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset NoticedAt { get; set; }
    public string Detail { get; set; } = "";
}

/// <summary>GET /api/sla/breaches, newest first. Round 1 answered <c>{ freshness, count, breaches }</c> for
/// <c>?limit=</c> 1–1000 (100 by default): that stays, with <c>next</c> and <c>?after=</c> for the pages beyond.
/// </summary>
public static class ListSlaBreachesEndpoint
{
    public const string List = "sla-breaches";

    public static (PageQuery?, ProblemDetails) Load(int? limit, string? after) =>
        Paging.ReadTimed(limit, after, List, defaultLimit: 100, maxLimit: 1000);

    /// <summary>SLA breaches, newest first; <c>count</c> is how many there are in all.</summary>
    [WolverineGet("/api/sla/breaches"), Authorize(Roles = Roles.DataCentre)]
    [ProducesResponseType<SlaBreachList>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<SlaBreachList> Get(PageQuery page, IQuerySession session, CancellationToken ct)
    {
        var total = await session.Query<SlaBreachDoc>().CountAsync(ct);
        var rows = await session.Query<SlaBreachDoc>().Seek(page, b => b.NoticedAt, b => b.Id, newestFirst: true)
            .ToListAsync(ct);
        var shown = Paging.Of(rows, page, b => b.NoticedAt, b => b.Id);
        return new SlaBreachList(await Freshness.Of(session, ct), total,
            [.. shown.Items.Select(b => new SlaBreach(b.Id, b.Kind, b.Subject, b.Department, b.DueAt, b.NoticedAt,
                b.Detail))],
            shown.Next);
    }
}

/// <summary>Every breach becomes a document the moment the daemon sees its event (within a second or so of the
/// commit).</summary>
public sealed partial class SlaBreachProjection : EventProjection
{
    public static bool Slow(ExchangeAnswered e) => e.Milliseconds > e.SlaSeconds * 1000.0;

    public void Project(IEvent<ServiceOverdue> e, IDocumentOperations ops) =>
        Store(
            ops,
            e,
            "service-overdue",
            $"{e.Data.ApplicationId}/{e.Data.Service}",
            e.Data.Department,
            e.Data.DueAt,
            e.Data.NoticedAt,
            $"{e.Data.Service} past its committed time limit"
        );

    public void Project(IEvent<ShareRequestDeadlineBreached> e, IDocumentOperations ops) =>
        Store(
            ops,
            e,
            "share-request-deadline",
            e.Data.Id,
            e.Data.Provider,
            e.Data.DueAt,
            e.Data.NoticedAt,
            "supply-demand request not answered in time"
        );

    public void Project(IEvent<QualityReportBreached> e, IDocumentOperations ops) =>
        Store(
            ops,
            e,
            "quality-report-deadline",
            e.Data.Id,
            e.Data.Provider,
            e.Data.DueAt,
            e.Data.NoticedAt,
            "quality report not answered in time"
        );

    public void Project(IEvent<DisputeRulingBreached> e, IDocumentOperations ops) =>
        Store(
            ops,
            e,
            "dispute-ruling-deadline",
            e.Data.Id,
            "government-services",
            e.Data.DueAt,
            e.Data.NoticedAt,
            "dispute not ruled in time"
        );

    public void Project(IEvent<ExchangeTimedOut> e, IDocumentOperations ops) =>
        Store(
            ops,
            e,
            "exchange-timeout",
            e.Data.Id,
            e.Data.Provider,
            e.Data.AnswerBy,
            e.Data.NoticedAt,
            $"{e.Data.Resource}: no answer"
        );

    public void Project(IEvent<ExchangeAnswered> e, IDocumentOperations ops)
    {
        if (Slow(e.Data))
            Store(
                ops,
                e,
                "exchange-slow",
                e.Data.Id,
                e.Data.Provider,
                e.Data.AnsweredAt.AddMilliseconds(e.Data.SlaSeconds * 1000 - e.Data.Milliseconds),
                e.Data.AnsweredAt,
                $"{e.Data.Resource}: answered in {e.Data.Milliseconds:F0} ms, SLA {e.Data.SlaSeconds} s"
            );
    }

    private static void Store(
        IDocumentOperations ops,
        IEvent e,
        string kind,
        string subject,
        string department,
        DateTimeOffset due,
        DateTimeOffset noticed,
        string detail
    ) =>
        ops.Store(
            new SlaBreachDoc
            {
                Id = e.Id.ToString(),
                Kind = kind,
                Subject = subject,
                Department = department,
                DueAt = due,
                NoticedAt = noticed,
                Detail = detail,
            }
        );
}
