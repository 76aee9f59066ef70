using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Audit;

/// <summary>The stored events of one case, as they are now.</summary>
public sealed record CaseEvents(IReadOnlyList<long> Sequences, IReadOnlyList<string> Data);

public static class EraseCaseEndpoint
{
    public static ProblemDetails Validate(EraseCase request) =>
        string.IsNullOrWhiteSpace(request?.Correlation) || request.Correlation.Length > 200
        || string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000
            ? Problems.Validation("correlation",
                "Give the case's correlation id (at most 200 characters) and the reason (at most 1000).")
            : WolverineContinue.NoProblems;

    public static async Task<CaseEvents> LoadAsync(EraseCase request, IDocumentSession session, CancellationToken ct)
    {
        var (sequences, data) = (new List<long>(), new List<string>());
        const string sql = "select seq_id, data::text from hub.mt_events where correlation_id = @c";
        await using var read = new NpgsqlCommand(sql, (NpgsqlConnection)session.Connection!);
        read.Parameters.AddWithValue("c", request.Correlation);
        await using var r = await read.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            sequences.Add(r.GetInt64(0));
            data.Add(r.GetString(1));
        }
        return new CaseEvents(sequences, data);
    }

    /// <summary>
    /// Erases the personal data of a case (the right to be forgotten, once the retention period allows): every event
    /// of the correlation id keeps only the blinded form the chain was computed over, so verification stays intact.
    /// The rewrite and the <see cref="CaseErased"/> event commit together, or not at all.
    /// </summary>
    [WolverinePost("/api/audit/erasure"), Authorize(Roles = Roles.Governance)]
    public static (IResult, IMartenOp, IMartenOp) Post(
        EraseCase request,
        CaseEvents found,
        ClaimsPrincipal user,
        SecretBox box,
        TimeProvider clock)
    {
        var blinded = found.Data.Select(d => AuditMasking.Blind(d, box.Blind)).ToArray();
        var rewrite = MartenOps.QueueSqlCommand("""
            update hub.mt_events e set data = v.data::jsonb
            from unnest(?::bigint[], ?::text[]) as v(seq, data) where e.seq_id = v.seq
            """, found.Sequences.ToArray(), blinded);
        var erased = new CaseErased(
            request.Correlation, request.Reason, found.Sequences.Count, user.Id(), clock.GetUtcNow());
        return (Results.Ok(new EraseCase(request.Correlation, request.Reason)), rewrite,
            MartenOps.Append(AuditStreams.Erasures, erased));
    }
}
