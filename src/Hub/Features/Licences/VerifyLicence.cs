using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Features.Licences.SigningKeys;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Licences;

/// <summary>Is this licence good? By id, or by a document and signature as shown: valid, expired, revoked, amended
/// (with the current version), bad signature, its signing key revoked, not approved or expired, or unknown. Open to
/// every key.</summary>
public static class VerifyLicenceEndpoint
{
    /// <summary>The licence the request names (by id, or by the document's type and number) and, for a document,
    /// its issuer's key.</summary>
    public sealed record Loaded(LicenceView? Licence, SigningKeyView? Key);

    public static async Task<Loaded> LoadAsync(VerifyLicence request, IQuerySession session, CancellationToken ct)
    {
        if (request.LicenceId is { } id)
        {
            var byId = await session.LoadAsync<LicenceView>(id, ct);
            return new Loaded(byId, byId is null ? null
                : await session.LoadAsync<SigningKeyView>(IssuerSignature.KeyOf(byId.Issuer, byId.Signature), ct));
        }
        var d = request.Document!;
        var licence = await session.Query<LicenceView>().FirstOrDefaultAsync(l => l.Type == d.Type
            && l.Number == d.Number, ct);
        return licence is null ? new Loaded(null, null)
            : new Loaded(licence, DocumentDigests.Verified(await session.LoadAsync<SigningKeyView>(
                IssuerSignature.KeyOf(licence.Issuer, request.Signature!), ct)));
    }

    [WolverinePost("/api/licences/verification")]
    [ProducesResponseType<LicenceVerification>(200), ProducesResponseType<ProblemDetails>(400)]
    public static LicenceVerification Post(VerifyLicence request, Loaded loaded, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (request.LicenceId is { } id)
            return loaded.Licence is not { } byId
                ? new LicenceVerification(LicenceStatuses.Unknown, $"The hub holds no licence {id}.")
                : KeyAnswer(byId, loaded.Key) ?? Answer(byId, byId.Status(now));

        var (d, signature) = (request.Document!, request.Signature!);
        if (loaded.Licence is not { } licence)
            return new LicenceVerification(LicenceStatuses.Unknown, $"The hub holds no {d.Type} numbered {d.Number}.");
        // The canonical bytes once: the signature is checked over them and the version found by their digest.
        var canonical = LicenceCanonicalForm.Bytes(d);
        if (IssuerSignature.Check(loaded.Key, licence.Issuer, canonical, signature, signedAt: null) is not null)
            return new LicenceVerification(LicenceStatuses.BadSignature,
                $"The signature is not {licence.Issuer}'s over this document: it was altered or forged.", licence.Id,
                Type: d.Type, Issuer: licence.Issuer);

        var version = licence.Digests.IndexOf(Convert.ToHexStringLower(SHA256.HashData(canonical))) + 1;
        if (version == 0)
            return new LicenceVerification(LicenceStatuses.Unknown,
                "Signed by the issuer, but never pushed to the hub.",
                licence.Id);
        if (KeyAnswer(licence, loaded.Key, version) is { } refused) return refused;
        var current = licence.Status(now);
        var status = current == LicenceStatuses.Valid && version < licence.Revision ? LicenceStatuses.Amended : current;
        return Answer(licence, status, version);
    }

    /// <summary>The issuer's key no longer vouches for the licence: revoked (whenever it signed), never approved,
    /// or expired before the hub received the signed version. Null while the key is good.</summary>
    private static LicenceVerification? KeyAnswer(LicenceView l, SigningKeyView? key, int? version = null) =>
        key?.Refusal(l.PushedAt) is { } refused
            ? new LicenceVerification(refused.Status, refused.Reason, l.Id, version ?? l.Revision, Type: l.Type,
                Issuer: l.Issuer)
            : null;

    private static LicenceVerification Answer(LicenceView l, string status, int? version = null) => new(
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
