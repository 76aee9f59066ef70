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

public static class ReadAuditStreamEndpoint
{
    public static ProblemDetails Validate(string? reason) => AuditReads.CheckReason(reason);

    /// <summary>One stream's whole history (stream keys with '/' are given URL-encoded).</summary>
    [WolverineGet("/api/audit/streams/{id}"), Authorize(Roles = Roles.Governance)]
    [ProducesResponseType<AuditPage>(200)]
    public static async Task<(IResult, IMartenOp)> Stream(
        string id,
        bool? reveal,
        string? reason,
        ClaimsPrincipal user,
        HttpRequest request,
        IDocumentSession session,
        PersonalDeclarations declarations,
        TimeProvider clock,
        CancellationToken ct)
    {
        var events = new List<AuditEvent>();
        var filter = new AuditFilter(Uri.UnescapeDataString(id), null, null, null, null, null, 0);
        await foreach (var e in AuditReads.Read(session, filter, 100_000, AuditReads.Shown(reveal, reason),
                           await declarations.Current(ct), ct)) events.Add(e);
        // Any stream, of any kind, is read as raw events: there is no aggregate to say that it is missing.
        if (events.Count == 0) return (Results.Problem(Problems.NotFound($"No stream '{id}'.")), MartenOps.Nothing());
        return (Results.Ok(new AuditPage(events.Count, events)),
            AuditReads.Revealed(reveal, user, request, clock, reason));
    }
}
