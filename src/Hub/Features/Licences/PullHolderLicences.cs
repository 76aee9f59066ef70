using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Licences;

/// <summary>A holder's licences, those the caller has a legal basis for; each one handed over is a pull. The GET
/// takes the holder's number in the query string (kept for compatibility, deprecated: URLs end up in logs);
/// <see cref="SearchLicencesEndpoint"/> takes it in the body.</summary>
public static class PullHolderLicencesEndpoint
{
    public sealed record Loaded(
        IReadOnlyList<LicenceView> Licences,
        IReadOnlyDictionary<string, LicenceRecipients> Recipients,
        IReadOnlyList<OpenCase> Open);

    public static ProblemDetails Validate(string? holder) => string.IsNullOrWhiteSpace(holder) || holder.Length > 32
        ? Problems.Validation("holder", "Give the holder's identity number.")
        : WolverineContinue.NoProblems;

    public static async Task<Loaded> LoadAsync(
        string? holder,
        string? type,
        ClaimsPrincipal user,
        IQuerySession session,
        SecretBox box,
        CancellationToken ct)
    {
        var key = box.Blind(holder!);
        var licences = await session.Query<LicenceView>()
            .Where(l => l.HolderKey == key && (type == null || l.Type == type)).ToListAsync(ct);
        if (licences.Count == 0) return new Loaded([], new Dictionary<string, LicenceRecipients>(), []);
        var recipients = (await session.LoadManyAsync<LicenceRecipients>(ct, licences.Select(l => l.Id).ToArray()))
            .ToDictionary(r => r.Id);
        var open = await OpenCases.Load(session, licences[0].Document.Holder.IdNumber,
            LicenceReads.ReceivedIn(recipients.Values, user.Department() ?? ""), ct);
        return new Loaded(licences, recipients, open);
    }

    [WolverineGet("/api/licences"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<LicenceList>(200), ProducesResponseType<ProblemDetails>(403)]
    public static (IResult, RecordReads) ByHolder(
        string? holder,
        string? type,
        Loaded loaded,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var (department, now) = (user.Department()!, clock.GetUtcNow());
        var allowed = loaded.Licences
            .Select(l => (Licence: l, Basis: LicenceReads.Basis(l, department,
                loaded.Recipients.GetValueOrDefault(l.Id), loaded.Open)))
            .Where(a => a.Basis is not null).ToList();
        var reads = allowed.Select(a => (LicenceReads.StreamKey(a.Licence.Id),
            (object)new LicencePulled(a.Licence.Id, department, a.Basis!, user.Id(), now))).ToList();
        // Licences without a basis are left out, not refused aloud: the answer says nothing of what exists.
        if (allowed.Count < loaded.Licences.Count)
            reads.Add((LicenceReads.RefusalsOf(department), new LicencePullRefused(department, null, type,
                "no legal basis for some of the holder's licences", user.Id(), now)));
        return (Results.Ok(new LicenceList(allowed.Count, allowed.Select(a => a.Licence.Record(now)).ToList())),
            new RecordReads(reads));
    }
}
