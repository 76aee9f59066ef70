using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Audit;

public static class EraseCaseEndpoint
{
    public static ProblemDetails Validate(EraseCase request) =>
        string.IsNullOrWhiteSpace(request?.Correlation) || request.Correlation.Length > 200
        || string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000
            ? Problems.Validation("correlation",
                "Give the case's correlation id (at most 200 characters) and the reason (at most 1000).")
            : WolverineContinue.NoProblems;

    public static Task<CaseErasure> LoadAsync(
        EraseCase request,
        IDocumentSession session,
        SecretBox box,
        CancellationToken ct) =>
        CaseErasure.Find(request.Correlation, session, box, ct);

    /// <summary>
    /// Erases the personal data of a case (the right to be forgotten, once the retention period allows) from every
    /// store (<see cref="CaseErasure"/>): events keep only the blinded form the chain was computed over, so
    /// verification stays intact; read models are blinded; messages, answers and material contents that hold the
    /// person's data are deleted. All of it and the <see cref="CaseErased"/> event commit together, or not at all.
    /// </summary>
    [ProducesResponseType<EraseCase>(200)]
    [WolverinePost("/api/audit/erasure"), Authorize(Roles = Roles.Governance)]
    public static (IResult, IMartenOp, IMartenOp) Post(
        EraseCase request,
        CaseErasure found,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var erased = new CaseErased(
            request.Correlation, request.Reason, found.Sequences.Count, user.Id(), clock.GetUtcNow(),
            found.Documents.Count, found.Contents.Count, found.Answers.Count);
        return (Results.Ok(new EraseCase(request.Correlation, request.Reason)), new EraseStores(found),
            MartenOps.Append(AuditStreams.Erasures, erased));
    }
}

/// <summary>The rewrites and deletions of a <see cref="CaseErasure"/>, queued on the request's session.</summary>
public sealed class EraseStores(CaseErasure plan) : IMartenOp
{
    /// <summary>Wolverine's tables whose <c>body</c> holds serialized messages.</summary>
    private static readonly string[] Envelopes =
        ["wolverine_incoming_envelopes", "wolverine_outgoing_envelopes", "wolverine_dead_letters"];

    public void Execute(IDocumentSession session)
    {
        if (plan.Sequences.Count > 0)
            session.QueueSqlCommand("""
                update hub.mt_events e set data = v.data::jsonb
                from unnest(?::bigint[], ?::text[]) as v(seq, data) where e.seq_id = v.seq
                """, plan.Sequences.ToArray(), plan.Blinded.ToArray());
        foreach (var table in plan.Documents.GroupBy(d => d.Table))
        {
            var kept = table.Where(d => d.Data is not null).ToList();
            if (kept.Count > 0)
                session.QueueSqlCommand($"""
                    update hub.{table.Key} d set data = v.data::jsonb
                    from unnest(?::text[], ?::text[]) as v(id, data) where d.id::text = v.id
                    """, kept.Select(d => d.Id).ToArray(), kept.Select(d => d.Data!).ToArray());
            if (table.Where(d => d.Data is null).Select(d => d.Id).ToArray() is { Length: > 0 } gone)
                session.QueueSqlCommand($"delete from hub.{table.Key} where id::text = any(?)", (object)gone);
        }
        if (plan.Contents.Count > 0)
        {
            // The material's document goes with its content: a download answers 404, not a file cut short.
            session.QueueSqlCommand("delete from hub.material_contents where sha256 = any(?)",
                (object)plan.Contents.ToArray());
            session.QueueSqlCommand("delete from hub.mt_doc_materialview where data->>'sha256' = any(?)",
                (object)plan.Contents.ToArray());
        }
        if (plan.Answers.Count > 0)
            session.QueueSqlCommand("delete from hub.idempotency where scope = any(?)", (object)plan.Answers.ToArray());
        if (plan.Markers.Count == 0) return;
        foreach (var table in Envelopes)
            session.QueueSqlCommand($"""
                delete from hub.{table}
                where exists (select 1 from unnest(?::text[]) m where position(convert_to(m, 'UTF8') in body) > 0)
                """, (object)plan.Markers.ToArray());
    }
}
