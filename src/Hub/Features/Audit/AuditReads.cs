using System.Security.Claims;
using System.Text.Json;
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

/// <summary>
/// For data governance officers: who did what, when, on whose behalf, and has anyone changed the record since. The
/// reads the audit endpoints share.
/// </summary>
public static class AuditReads
{
    /// <summary>A reveal of personal data is recorded on the reveals' own stream, never on the one read; a reason
    /// given with it reveals the sensitive categories too, and is recorded with it.</summary>
    public static IMartenOp Revealed(
        bool? reveal,
        ClaimsPrincipal user,
        HttpRequest request,
        TimeProvider clock,
        string? reason = null) =>
        reveal == true
            ? MartenOps.Append(AuditStreams.Reveals, new AuditRevealed(
                user.Department()!, request.Path + request.QueryString, user.Id(), clock.GetUtcNow(),
                string.IsNullOrWhiteSpace(reason) ? null : reason))
            : MartenOps.Nothing();

    /// <summary>What a read shows: a reason counts only with <c>reveal=true</c>.</summary>
    public static Disclosure Shown(bool? reveal, string? reason) =>
        reveal != true ? Disclosure.Masked
        : string.IsNullOrWhiteSpace(reason) ? Disclosure.Personal
        : Disclosure.Sensitive;

    public static ProblemDetails CheckReason(string? reason) =>
        reason is { Length: > 500 }
            ? Problems.Validation("reason", "A reveal's reason is at most 500 characters.")
            : WolverineContinue.NoProblems;

    public static async IAsyncEnumerable<AuditEvent> Read(
        IQuerySession session,
        AuditFilter filter,
        long limit,
        Disclosure shown,
        IReadOnlyDictionary<string, Declared> declared,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var (where, bind) = filter.Sql();
        await using var command = new NpgsqlCommand($"""
            select {AuditChain.EventColumns}, c.hash from hub.mt_events e
            left join hub.audit_chain c on c.seq_id = e.seq_id where {where} order by e.seq_id limit @limit
            """, (NpgsqlConnection)session.Connection!);
        bind(command);
        command.Parameters.AddWithValue("limit", limit);
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            JsonElement? headers = r.IsDBNull(9) ? null : JsonDocument.Parse(r.GetString(9)).RootElement;
            string? Header(string name) => headers is { ValueKind: JsonValueKind.Object } h
                && h.TryGetProperty(name, out var v) ? v.ToString() : null;
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            var data = shown == Disclosure.Sensitive
                ? JsonDocument.Parse(r.GetString(10)).RootElement.Clone()
                : AuditMasking.Mask(r.GetString(10), declared, shown);
            yield return new AuditEvent(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetInt64(3), r.GetString(4),
                r.GetFieldValue<DateTimeOffset>(5), data, Text(6), Header(EventMetadata.DepartmentHeader), Text(7),
                Text(8), Text(11));
        }
    }
}
