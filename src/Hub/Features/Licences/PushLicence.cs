using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Features.Licences.SigningKeys;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Licences;

/// <summary>
/// An issuing department pushes an e-licence: a new one (a stream of its own; the unique index on type and number
/// settles two pushes of one number at once with a 409), or an amendment of one it issued (appended at the version
/// it was decided on).
/// </summary>
public static class PushLicenceEndpoint
{
    /// <summary>What the decision needs from the store, read in one round trip: the signing key, whether the number
    /// is taken (a new licence) or the licence amended and its version, who subscribed to the type.</summary>
    public sealed record Loaded(
        SigningKeyView? Key,
        bool Taken,
        Licence? Amended,
        long AmendedVersion,
        IReadOnlyList<string> Subscribers,
        byte[] Canonical);

    public static ProblemDetails Before(PushLicence request, ClaimsPrincipal user, LicenceTypes types)
    {
        var d = request.Document;
        if (!user.IsDepartment(d.Issuer))
            return Problems.Forbidden($"A licence of {d.Issuer} is pushed by {d.Issuer} only.");
        if (types.Find(d.Type) is not { } type)
            return Problems.Validation("document.type", $"Unknown licence type '{d.Type}'.");
        if (!type.Issuers.Contains(d.Issuer))
            return Problems.Forbidden($"{d.Issuer} may not issue {type.Name} ({type.Code}).");
        var errors = LicenceRules.Check(d, type);
        return errors.Count > 0 ? Problems.Validation(errors) : WolverineContinue.NoProblems;
    }

    public static async Task<Loaded> LoadAsync(PushLicence request, IQuerySession session, CancellationToken ct)
    {
        var d = request.Document;
        var batch = session.CreateBatchQuery();
        var key = batch.Load<SigningKeyView>(IssuerSignature.KeyOf(d.Issuer, request.Signature));
        var taken = request.Amends is null
            ? batch.Query<LicenceView>().Where(l => l.Type == d.Type && l.Number == d.Number).Any() : null;
        var amended = request.Amends is null ? null : batch.Events.FetchStream(request.Amends);
        var subscribers = LicenceNotices.SubscribersOf(batch, d.Type);
        await batch.Execute(ct);

        var events = amended is null ? [] : await amended;
        // A signing key edited in SQL is refused (503), not trusted to check the signature.
        return new Loaded(DocumentDigests.Verified(await key), taken is not null && await taken,
            Licence.From(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version, await subscribers,
            LicenceCanonicalForm.Bytes(d));
    }

    public static ProblemDetails Validate(PushLicence request, Loaded loaded, LicenceTypes types, TimeProvider clock)
    {
        var d = request.Document;
        if (IssuerSignature.Check(loaded.Key, d.Issuer, loaded.Canonical, request.Signature, clock.GetUtcNow())
            is { } bad)
            return Problems.Validation(bad.Field, bad.Reason);
        if (request.Amends is null)
            return loaded.Taken
                ? Problems.Conflict($"{types.Find(d.Type)!.Name} {d.Number} is already issued; amend it instead.")
                : WolverineContinue.NoProblems;

        if (loaded.Amended is not { } existing) return Problems.NotFound($"No licence {request.Amends} to amend.");
        if (existing.Issuer != d.Issuer) return Problems.Forbidden("Only the issuer amends its licence.");
        if (existing.Type != d.Type || existing.Number != d.Number)
            return Problems.Validation("document.number", "An amendment keeps the licence's type and number.");
        return existing.Revoked
            ? Problems.Conflict("A revoked licence cannot be amended.") : WolverineContinue.NoProblems;
    }

    [WolverinePost("/api/licences"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<LicencePushed>(201)]
    public static (IResult, IMartenOp, OutgoingMessages) Post(
        PushLicence request,
        Loaded loaded,
        ClaimsPrincipal user,
        SecretBox box,
        HttpContext http,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var d = request.Document;
        var (document, signature) = (SignedDocument.From(d), DocumentSignature.From(request.Signature));
        var digest = Convert.ToHexStringLower(SHA256.HashData(loaded.Canonical));
        var (id, revision, kind, write) = loaded.Amended is not { } existing
            ? Issue(Guid.CreateVersion7().ToString())
            : (existing.Id, existing.Revision + 1, LicenceNotices.Amended, (IMartenOp)new AppendAtVersion(existing.Id,
                loaded.AmendedVersion,
                [new LicenceAmended(existing.Id, existing.Revision + 1, document, signature, digest, user.Id(), now)]));

        var notices = LicenceNotices.To(loaded.Subscribers, d.Issuer,
            new LicenceNotice(id, d.Type, kind, LicenceStatuses.Valid), http.CorrelationId(), now);
        var location = $"/api/licences/{id}";
        var pushed = new LicencePushed(id, revision, LicenceView.StatusOf(d.ValidUntil, false, now), location);
        return (Results.Created(location, pushed), write, notices);

        (string, int, string, IMartenOp) Issue(string newId) => (newId, 1, LicenceNotices.Issued,
            MartenOps.StartStream<Licence>(newId, new LicenceIssued(newId, d.Type, d.Number, d.Issuer,
                box.Blind(d.Holder.IdNumber), document, signature, digest, user.Id(), now)));
    }
}
