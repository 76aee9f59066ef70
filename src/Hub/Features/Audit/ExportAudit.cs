using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Audit;

public static class ExportAuditEndpoint
{
    public static (AuditFilter?, ProblemDetails) Load(
        string? stream,
        string? department,
        string? type,
        string? from,
        string? to,
        string? correlation) =>
        AuditFilter.Parse(stream, department, type, from, to, correlation, null, out var problem) is { } filter
            ? (filter, WolverineContinue.NoProblems)
            : (null, Problems.Validation("query", problem!));

    /// <summary>The same filters as NDJSON, one event a line, streamed from the database as it is read. The export is
    /// recorded.</summary>
    [ProducesResponseType<string>(200, "application/x-ndjson")]
    [WolverineGet("/api/audit/export"), Authorize(Roles = Roles.Governance)]
    public static async Task Export(
        AuditFilter filter,
        ClaimsPrincipal user,
        HttpContext http,
        IDocumentStore store,
        PersonalDeclarations declarations,
        TimeProvider clock,
        CancellationToken ct)
    {
        var declared = await declarations.Current(ct);
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        long count = 0;
        try
        {
            await using var session = store.QuerySession();
            await foreach (var e in AuditReads.Read(session, filter, long.MaxValue, Disclosure.Masked, declared, ct))
            {
                await http.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(e, HubJson.Options), ct);
                await http.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
                count++;
            }
        }
        finally
        {
            // Recorded even when the client went away half-way, with the lines that had left by then: so by hand, in
            // a session of its own, after the response (an aborted request commits nothing of its own).
            await Record(http, user, store, clock, count);
        }
    }

    private static async Task Record(HttpContext http, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock,
        long count)
    {
        await using var write = store.LightweightSession();
        write.CorrelationId = http.CorrelationId();
        write.CausationId = $"http:GET {http.Request.Path}#{http.TraceIdentifier}";
        write.LastModifiedBy = user.Id();
        write.SetHeader(EventMetadata.PrincipalHeader, user.Id());
        write.SetHeader(EventMetadata.DepartmentHeader, user.Department()!);
        // By hand: the record of a streamed export is written once the stream ends, after the response began.
        write.Events.Append(AuditStreams.Exports, new AuditExported(
            user.Department()!, http.Request.QueryString.Value ?? "", count, user.Id(), clock.GetUtcNow()));
        await write.SaveChangesAsync(CancellationToken.None);
    }
}
