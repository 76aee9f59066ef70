using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Licences;

/// <summary>
/// Pulls need a legal basis, and every pull and every refusal is an event: the issuer reads its own; a department
/// reads what it received as an application material, or the licences of an applicant whose service it holds; a
/// front office reads the licences of an applicant it serves.
/// </summary>
public static class ReadLicenceEndpoints
{
    [WolverineGet("/api/licences/{id}"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<LicenceRecord>(200), ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> One(string id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var department = user.Department()!;
        var licence = await session.LoadAsync<LicenceView>(id, ct);
        var basis = licence is null ? null
            : Basis(licence, department, await session.LoadAsync<LicenceRecipients>(id, ct), await OpenApplications(session, licence.Document.Holder.IdNumber, ct));
        if (basis is null)
        {
            // Unknown and not allowed answer alike, so a refusal says nothing about whether the licence exists.
            Refuse(session, user, id, null, licence is null ? "no such licence" : "no legal basis", clock);
            return Results.Problem(Problems.Forbidden($"No legal basis for {department} to read licence {id}: it must be the issuer, " +
                "hold a service of an application of the holder, or have received the licence as a material."));
        }
        session.Events.Append(id, new LicencePulled(id, department, basis, user.Id(), clock.GetUtcNow()));
        return Results.Ok(licence!.Record(clock.GetUtcNow()));
    }

    [WolverineGet("/api/licences"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<LicenceList>(200), ProducesResponseType<ProblemDetails>(403)]
    public static async Task<IResult> ByHolder(string? holder, string? type, ClaimsPrincipal user, IDocumentSession session, SecretBox box,
        TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(holder) || holder.Length > 32)
            return Results.Problem(Problems.Validation("holder", "Give the holder's identity number."));
        var key = box.Blind(holder);
        var licences = await session.Query<LicenceView>().Where(l => l.HolderKey == key && (type == null || l.Type == type)).ToListAsync(ct);
        var department = user.Department()!;
        // One query for the recipients and one for the applications, whatever the number of licences.
        var recipients = (await session.LoadManyAsync<LicenceRecipients>(ct, licences.Select(l => l.Id))).ToDictionary(r => r.Id);
        var applications = licences.Count == 0 ? [] : await OpenApplications(session, licences[0].Document.Holder.IdNumber, ct);
        var allowed = new List<(LicenceView Licence, string Basis)>();
        foreach (var licence in licences)
            if (Basis(licence, department, recipients.GetValueOrDefault(licence.Id), applications) is { } basis) allowed.Add((licence, basis));
        // Licences without a basis are left out, not refused aloud: the answer says nothing of what exists.
        if (allowed.Count < licences.Count) Refuse(session, user, null, type, "no legal basis for some of the holder's licences", clock);
        var now = clock.GetUtcNow();
        foreach (var (licence, basis) in allowed)
            session.Events.Append(licence.Id, new LicencePulled(licence.Id, department, basis, user.Id(), now));
        return Results.Ok(new LicenceList(allowed.Count, allowed.Select(a => a.Licence.Record(now)).ToList()));
    }

    private static void Refuse(IDocumentSession session, ClaimsPrincipal user, string? licenceId, string? type, string reason, TimeProvider clock) =>
        session.Events.Append($"refusals/{user.Department()}",
            new LicencePullRefused(user.Department()!, licenceId, type, reason, user.Id(), clock.GetUtcNow()));

    private static async Task<IReadOnlyList<ApplicationView>> OpenApplications(IQuerySession session, string holderId, CancellationToken ct) =>
        await session.Query<ApplicationView>().Where(a => a.Applicant.IdNumber == holderId && a.FinishedAt == null).ToListAsync(ct);

    /// <summary>
    /// The legal basis a department has to read a licence, or null: it issued it, it received it as a material, or it
    /// serves an open application of the holder now. Having pulled it once is no basis: that one may have ended.
    /// </summary>
    public static string? Basis(LicenceView licence, string department, LicenceRecipients? recipients, IReadOnlyList<ApplicationView> openApplications)
    {
        if (licence.Issuer == department) return "issuer";
        if (recipients?.Received.Contains(department) == true) return "received-as-material";
        foreach (var app in openApplications)
        {
            if (app.Services.Any(s => s.Plan.Department == department && s.State != ServiceStates.Waiting))
                return $"application:{app.Id}";
            if (app.FrontOffice == department) return $"front-office:{app.Id}";
        }
        return null;
    }
}
