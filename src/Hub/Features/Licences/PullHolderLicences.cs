using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Licences;

/// <summary>A holder's licences, those the caller has a legal basis for; each one handed over is a pull.</summary>
public static class PullHolderLicencesEndpoint
{
    public sealed record Loaded(
        IReadOnlyList<LicenceView> Licences,
        IReadOnlyDictionary<string, LicenceRecipients> Recipients,
        IReadOnlyList<ApplicationView> Open);

    public static ProblemDetails Validate(string? holder) => string.IsNullOrWhiteSpace(holder) || holder.Length > 32
        ? Problems.Validation("holder", "Give the holder's identity number.")
        : WolverineContinue.NoProblems;

    public static async Task<Loaded> LoadAsync(
        string? holder,
        string? type,
        IQuerySession session,
        SecretBox box,
        CancellationToken ct)
    {
        var key = box.Blind(holder!);
        var licences = await session.Query<LicenceView>()
            .Where(l => l.HolderKey == key && (type == null || l.Type == type)).ToListAsync(ct);
        if (licences.Count == 0) return new Loaded([], new Dictionary<string, LicenceRecipients>(), []);
        // One round trip for the recipients and the applications, whatever the number of licences.
        var batch = session.CreateBatchQuery();
        var recipients = batch.LoadMany<LicenceRecipients>().ById(licences.Select(l => l.Id).ToArray());
        var holderId = licences[0].Document.Holder.IdNumber;
        var open = batch.Query<ApplicationView>().Where(a => a.Applicant.IdNumber == holderId && a.FinishedAt == null)
            .ToList();
        await batch.Execute(ct);
        return new Loaded(licences, (await recipients).ToDictionary(r => r.Id), await open);
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
