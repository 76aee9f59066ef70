using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Licences;

public static class VerifyLicenceEndpoint
{
    /// <summary>Is this licence good? By id, or by a document and signature as shown: valid, expired, revoked,
    /// amended (with the current version), bad signature, or unknown. Open to every key.</summary>
    [WolverinePost("/api/licences/verification")]
    [ProducesResponseType<LicenceVerification>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<IResult> Post(VerifyLicence request, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (request?.LicenceId is { } id)
        {
            var byId = await session.LoadAsync<LicenceView>(id, ct);
            return Results.Ok(byId is null
                ? new LicenceVerification(LicenceStatuses.Unknown, $"The hub holds no licence {id}.")
                : Answer(byId, byId.Status(now), now));
        }
        if (request?.Document is not { } d || request.Signature is not { } signature || d.Holder is null || d.Fields is null
            || d.Fields.Any(f => f.Value is null) || d.Type is null || d.Number is null)
            return Results.Problem(Problems.Validation("licenceId", "Give a licence id, or a whole document with its signature."));

        var licence = await session.Query<LicenceView>().FirstOrDefaultAsync(l => l.Type == d.Type && l.Number == d.Number, ct);
        if (licence is null)
            return Results.Ok(new LicenceVerification(LicenceStatuses.Unknown, $"The hub holds no {d.Type} numbered {d.Number}."));
        // The canonical bytes once: the signature is checked over them and the version found by their digest.
        var canonical = LicenceCanonicalForm.Bytes(d);
        var key = await session.LoadAsync<SigningKeyView>(IssuerSignature.KeyOf(licence.Issuer, signature), ct);
        if (IssuerSignature.Check(key, licence.Issuer, canonical, signature) is not null)
            return Results.Ok(new LicenceVerification(LicenceStatuses.BadSignature,
                $"The signature is not {licence.Issuer}'s over this document: it was altered or forged.", licence.Id, Type: d.Type, Issuer: licence.Issuer));

        var digest = Convert.ToHexStringLower(SHA256.HashData(canonical));
        var version = licence.Digests.IndexOf(digest) + 1;
        if (version == 0)
            return Results.Ok(new LicenceVerification(LicenceStatuses.Unknown, "Signed by the issuer, but never pushed to the hub.", licence.Id));
        var status = licence.Status(now) is var current && current == LicenceStatuses.Valid && version < licence.Revision ? LicenceStatuses.Amended : current;
        return Results.Ok(Answer(licence, status, now, version));
    }

    private static LicenceVerification Answer(LicenceView l, string status, DateTimeOffset now, int? version = null) => new(
        status,
        status switch
        {
            LicenceStatuses.Revoked => $"Revoked at {l.RevokedAt:u}: {l.RevocationReason}",
            LicenceStatuses.Expired => $"Expired on {l.Document.ValidUntil}.",
            LicenceStatuses.Amended => $"Amended: version {l.Revision} is current.",
            _ => "Valid.",
        },
        l.Id, version ?? l.Revision, status == LicenceStatuses.Amended ? l.Id : null, l.Type, l.Issuer);
}

/// <summary>
/// Its issuer revokes a licence. The licence's stream is locked for the write, so a revocation and an amendment (or a
/// second revocation) arriving together are decided one after the other: the second finds it revoked (409).
/// </summary>
public static class RevokeLicenceEndpoint
{
    public static ProblemDetails Validate(string id, RevokeLicence request, LicenceView licence, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(licence.Issuer)) return Problems.Forbidden($"Only its issuer, {licence.Issuer}, revokes licence {id}.");
        if (request is null || string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
            return Problems.Validation("reason", "Give the reason (at most 1000 characters).");
        return licence.RevokedAt is null ? WolverineContinue.NoProblems : Problems.Conflict("Already revoked.");
    }

    /// <summary>Verification says so at once, and everyone who holds a copy is told.</summary>
    [WolverinePost("/api/licences/{id}/revocation"), Authorize(Roles = Roles.Department)]
    public static async Task<(IResult, Events, OutgoingMessages)> Post(string id, RevokeLicence request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] LicenceView licence, ClaimsPrincipal user,
        IDocumentSession session, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var notices = await LicenceNotices.For(session, licence, LicenceNotices.Revoked,
            new LicenceNotice(id, licence.Type, LicenceNotices.Revoked, LicenceStatuses.Revoked, request.Reason), http.CorrelationId(), now, ct);
        return (Results.Accepted($"/api/licences/{id}"), [new LicenceRevoked(id, request.Reason, user.Id(), now)], notices);
    }
}

public static class SubscribeEndpoint
{
    public static ProblemDetails Validate(LicenceSubscription request, LicenceTypes types)
    {
        if (request?.Types is not { Count: <= 100 } || request.Types.Any(t => t is null)) return Problems.Validation("types", "List up to 100 licence types.");
        var unknown = request.Types.Where(t => types.Find(t) is null).ToList();
        return unknown.Count > 0 ? Problems.Validation("types", $"Unknown licence types: {string.Join(", ", unknown)}.") : WolverineContinue.NoProblems;
    }

    /// <summary>The licence types the caller relies on; it receives their issues, amendments and revocations.</summary>
    [WolverinePut("/api/licence-subscriptions"), Authorize(Roles = Roles.Department)]
    public static LicenceSubscription Put(LicenceSubscription request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var department = user.Department()!;
        var types = request.Types.Distinct().Order().ToList();
        session.Events.Append(LicenceSubscriptionView.StreamKey(department), new LicenceSubscriptionChanged(department, types, user.Id(), clock.GetUtcNow()));
        return new LicenceSubscription(types);
    }
}
