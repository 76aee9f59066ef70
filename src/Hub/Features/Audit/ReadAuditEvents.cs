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

public static class ReadAuditEventsEndpoint
{
    public static (AuditFilter?, ProblemDetails) Load(
        string? stream,
        string? department,
        string? type,
        string? from,
        string? to,
        string? correlation,
        string? after,
        int? limit,
        string? reason)
    {
        if (reason is { Length: > 500 }) return (null, AuditReads.CheckReason(reason));
        var filter = AuditFilter.Parse(stream, department, type, from, to, correlation, after, out var problem);
        if (filter is null) return (null, Problems.Validation("query", problem!));
        return limit is < 1 or > 1000
            ? (null, Problems.Validation("limit", "Use 1 to 1000."))
            : (filter, WolverineContinue.NoProblems);
    }

    /// <summary>Events by stream, department, type, time range and correlation, oldest first, with a cursor.
    /// <c>?reveal=true</c> shows personal data unmasked, and is itself recorded; <c>&amp;reason=</c> with it shows the
    /// sensitive categories too, and the reason is recorded.</summary>
    [WolverineGet("/api/audit/events"), Authorize(Roles = Roles.Governance)]
    [ProducesResponseType<AuditPage>(200)]
    public static async Task<(IResult, IMartenOp)> Events(
        AuditFilter filter,
        int? limit,
        bool? reveal,
        string? reason,
        ClaimsPrincipal user,
        HttpRequest request,
        IDocumentSession session,
        PersonalDeclarations declarations,
        TimeProvider clock,
        CancellationToken ct)
    {
        var take = limit ?? 100;
        var events = new List<AuditEvent>();
        await foreach (var e in AuditReads.Read(session, filter, take, AuditReads.Shown(reveal, reason),
                           await declarations.Current(ct), ct)) events.Add(e);
        var next = events.Count == take ? Cursor.Write(events[^1].Sequence) : null;
        return (Results.Ok(new AuditPage(events.Count, events, next)),
            AuditReads.Revealed(reveal, user, request, clock, reason));
    }
}
