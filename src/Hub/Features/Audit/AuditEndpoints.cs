using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Audit;

public sealed record AuditRevealed(string Officer, string Query, string RevealedBy, DateTimeOffset RevealedAt);

public sealed record AuditExported(string Officer, string Query, long Events, string ExportedBy, DateTimeOffset ExportedAt);

/// <summary>For data governance officers: who did what, when, on whose behalf, and has anyone changed the record since.</summary>
public static class AuditEndpoints
{
    /// <summary>Events by stream, department, type, time range and correlation, oldest first, with a cursor.
    /// <c>?reveal=true</c> shows personal data unmasked, and is itself recorded.</summary>
    [WolverineGet("/api/audit/events"), Authorize(Roles = Roles.Governance)]
    [ProducesResponseType<AuditPage>(200)]
    public static async Task<IResult> Events(string? stream, string? department, string? type, string? from, string? to, string? correlation,
        string? after, int? limit, bool? reveal, ClaimsPrincipal user, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (AuditFilter.Parse(stream, department, type, from, to, correlation, after, out var problem) is not { } filter)
            return Results.Problem(Problems.Validation("query", problem!));
        if (limit is < 1 or > 1000) return Results.Problem(Problems.Validation("limit", "Use 1 to 1000."));
        var take = limit ?? 100;
        var events = new List<AuditEvent>();
        await foreach (var e in Read(session, filter, take, reveal == true, ct)) events.Add(e);
        if (reveal == true) Revealed(session, user, request, clock);
        return Results.Ok(new AuditPage(events.Count, events, events.Count == take ? Cursor.Write(events[^1].Sequence) : null));
    }

    /// <summary>One stream's whole history (stream keys with '/' are given URL-encoded).</summary>
    [WolverineGet("/api/audit/streams/{id}"), Authorize(Roles = Roles.Governance)]
    [ProducesResponseType<AuditPage>(200)]
    public static async Task<IResult> Stream(string id, bool? reveal, ClaimsPrincipal user, HttpRequest request, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in Read(session, new AuditFilter(Uri.UnescapeDataString(id), null, null, null, null, null, 0), 100_000, reveal == true, ct))
            events.Add(e);
        if (events.Count == 0) return Results.Problem(Problems.NotFound($"No stream '{id}'."));
        if (reveal == true) Revealed(session, user, request, clock);
        return Results.Ok(new AuditPage(events.Count, events));
    }

    /// <summary>The same filters as NDJSON, one event a line, streamed from the database as it is read. The export is recorded.</summary>
    [WolverineGet("/api/audit/export"), Authorize(Roles = Roles.Governance)]
    public static async Task Export(string? stream, string? department, string? type, string? from, string? to, string? correlation,
        ClaimsPrincipal user, HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        if (AuditFilter.Parse(stream, department, type, from, to, correlation, null, out var problem) is not { } filter)
        {
            await Results.Problem(Problems.Validation("query", problem!)).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        long count = 0;
        try
        {
            await using var session = store.QuerySession();
            await foreach (var e in Read(session, filter, long.MaxValue, reveal: false, ct))
            {
                await http.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(e, HubJson.Options), ct);
                await http.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
                count++;
            }
        }
        finally
        {
            // Recorded even when the client went away half-way: with the lines that had left by then.
            await Record(http, user, store, clock, count);
        }
    }

    private static async Task Record(HttpContext http, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, long count)
    {
        await using var write = store.LightweightSession();
        write.CorrelationId = http.CorrelationId();
        write.CausationId = $"http:GET {http.Request.Path}#{http.TraceIdentifier}";
        write.LastModifiedBy = user.Id();
        write.SetHeader(EventMetadata.PrincipalHeader, user.Id());
        write.SetHeader(EventMetadata.DepartmentHeader, user.Department()!);
        write.Events.Append($"audit/exports", new AuditExported(user.Department()!, http.Request.QueryString.Value ?? "", count, user.Id(), clock.GetUtcNow()));
        await write.SaveChangesAsync(CancellationToken.None);
    }

    private static void Revealed(IDocumentSession session, ClaimsPrincipal user, HttpRequest request, TimeProvider clock) =>
        session.Events.Append("audit/reveals", new AuditRevealed(user.Department()!, request.Path + request.QueryString, user.Id(), clock.GetUtcNow()));

    private static async IAsyncEnumerable<AuditEvent> Read(IQuerySession session, AuditFilter filter, long limit, bool reveal,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var (where, bind) = filter.Sql();
        await using var command = new NpgsqlCommand(
            $"select {AuditChain.EventColumns}, c.hash from hub.mt_events e left join hub.audit_chain c on c.seq_id = e.seq_id where {where} order by e.seq_id limit @limit",
            (NpgsqlConnection)session.Connection!);
        bind(command);
        command.Parameters.AddWithValue("limit", limit);
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            JsonElement? headers = r.IsDBNull(9) ? null : JsonDocument.Parse(r.GetString(9)).RootElement;
            string? Header(string name) => headers is { ValueKind: JsonValueKind.Object } h && h.TryGetProperty(name, out var v) ? v.ToString() : null;
            yield return new AuditEvent(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5),
                reveal ? JsonDocument.Parse(r.GetString(10)).RootElement.Clone() : AuditMasking.Mask(r.GetString(10)),
                r.IsDBNull(6) ? null : r.GetString(6), Header(EventMetadata.DepartmentHeader), r.IsDBNull(7) ? null : r.GetString(7),
                r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(11) ? null : r.GetString(11));
        }
    }
}
