using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;

namespace OneThing.Hub.Features.Licences;

public static class PushLicenceEndpoint
{
    /// <summary>What the checks found, handed to the write: the licence amended (if any), the signed bytes, who subscribed.</summary>
    public sealed record Checked(LicenceView? Existing, byte[] Canonical, IReadOnlyList<string> Subscribers);

    /// <summary>
    /// Everything is checked before anything is stored: who pushes, the type, the holder, the signature. What the checks
    /// need from the store (the signing key, the number's owner or the licence amended, the subscribers) is read in one
    /// round trip.
    /// </summary>
    public static async Task<(Checked?, ProblemDetails)> LoadAsync(PushLicence request, ClaimsPrincipal user, LicenceTypes types,
        IQuerySession session, CancellationToken ct)
    {
        if (request?.Document is not { } d || request.Signature is not { } signature || d.Holder is null || d.Fields is null
            || d.Fields.Any(f => f.Value is null) || d.Type is null || d.Issuer is null)
            return (null, Problems.Validation("document", "Give the whole licence document and its signature."));
        if (!user.IsDepartment(d.Issuer)) return (null, Problems.Forbidden($"A licence of {d.Issuer} is pushed by {d.Issuer} only."));
        if (types.Find(d.Type) is not { } type) return (null, Problems.Validation("document.type", $"Unknown licence type '{d.Type}'."));
        if (!type.Issuers.Contains(d.Issuer)) return (null, Problems.Forbidden($"{d.Issuer} may not issue {type.Name} ({type.Code})."));
        var errors = LicenceRules.Check(d, type);
        if (errors.Count > 0) return (null, Problems.Validation(errors));

        var batch = session.CreateBatchQuery();
        var key = batch.Load<SigningKeyView>(IssuerSignature.KeyOf(d.Issuer, signature));
        var taken = request.Amends is null ? batch.Query<LicenceView>().Where(l => l.Type == d.Type && l.Number == d.Number).Any() : null;
        var amended = request.Amends is null ? null : batch.Load<LicenceView>(request.Amends);
        var subscribers = LicenceNotices.SubscribersOf(batch, d.Type);
        await batch.Execute(ct);

        var canonical = LicenceCanonicalForm.Bytes(d);
        if (IssuerSignature.Check(await key, d.Issuer, canonical, signature) is { } bad) return (null, Problems.Validation(bad.Field, bad.Reason));
        if (taken is not null)
            return await taken
                ? (null, Problems.Conflict($"{type.Name} {d.Number} is already issued; amend it instead."))
                : (new Checked(null, canonical, await subscribers), WolverineContinue.NoProblems);

        var existing = await amended!;
        if (existing is null) return (null, Problems.NotFound($"No licence {request.Amends} to amend."));
        if (existing.Issuer != d.Issuer) return (null, Problems.Forbidden("Only the issuer amends its licence."));
        if (existing.Type != d.Type || existing.Number != d.Number)
            return (null, Problems.Validation("document.number", "An amendment keeps the licence's type and number."));
        return existing.RevokedAt is null
            ? (new Checked(existing, canonical, await subscribers), WolverineContinue.NoProblems)
            : (null, Problems.Conflict("A revoked licence cannot be amended."));
    }

    /// <summary>An issuing department pushes an e-licence: a new one, or an amendment of one it issued.</summary>
    [WolverinePost("/api/licences"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<LicencePushed>(201)]
    public static async Task<(IResult, OutgoingMessages)> Post(PushLicence request, Checked check, ClaimsPrincipal user,
        IDocumentSession session, SecretBox box, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var d = request.Document;
        var digest = Convert.ToHexStringLower(SHA256.HashData(check.Canonical));
        LicenceView licence;
        if (check.Existing is not { } existing)
        {
            var id = Guid.CreateVersion7().ToString();
            var issued = new LicenceIssued(id, d.Type, d.Number, d.Issuer, box.Blind(d.Holder.IdNumber), d, request.Signature, digest, user.Id(), now);
            session.Events.StartStream<LicenceView>(id, issued);
            licence = LicenceProjection.Create(issued);
        }
        else
        {
            // Locked until commit, and read again: an amendment and a revocation (or two amendments) arriving together
            // are decided one after the other. Not by version: pulls append to the same stream all the time.
            var stream = await session.Events.FetchForExclusiveWriting<LicenceView>(existing.Id, ct);
            licence = stream.Aggregate!;
            if (licence.RevokedAt is not null) return (Results.Problem(Problems.Conflict("A revoked licence cannot be amended.")), []);
            var amended = new LicenceAmended(licence.Id, licence.Revision + 1, d, request.Signature, digest, user.Id(), now);
            stream.AppendOne(amended);
            LicenceProjection.Apply(amended, licence);
        }

        var kind = check.Existing is null ? LicenceNotices.Issued : LicenceNotices.Amended;
        var notices = LicenceNotices.To(check.Subscribers, licence, kind,
            new LicenceNotice(licence.Id, licence.Type, kind, LicenceStatuses.Valid), http.CorrelationId(), now);
        var location = $"/api/licences/{licence.Id}";
        return (Results.Created(location, new LicencePushed(licence.Id, licence.Revision, licence.Status(now), location)), notices);
    }
}

public static class LicenceRules
{
    public static Dictionary<string, string[]> Check(LicenceDocument d, LicenceTypes.LicenceType type)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(d.Number) || d.Number.Length > 64) errors["document.number"] = ["Give the licence number (at most 64 characters)."];
        if (d.Holder is null || string.IsNullOrWhiteSpace(d.Holder.Name) || d.Holder.Name.Length > 200)
            errors["document.holder.name"] = ["Give the holder's name."];
        else if (!HolderIdValid(d.Holder, type.HolderIdType))
            errors["document.holder.idNumber"] = [$"Not a valid {d.Holder.IdType} for a {type.Name} (expected {type.HolderIdType})."];
        if (string.IsNullOrWhiteSpace(d.IssuingAuthority)) errors["document.issuingAuthority"] = ["Name the issuing authority."];
        foreach (var (field, value) in new[] { ("issuedOn", d.IssuedOn), ("validFrom", d.ValidFrom), ("validUntil", d.ValidUntil) })
            if ((field == "issuedOn" || value is not null) && !DateOnly.TryParseExact(value, "yyyy-MM-dd", out _))
                errors[$"document.{field}"] = ["Use a date as yyyy-MM-dd."];
        var known = type.Fields.Select(f => f.Code).Where(c => !LicenceTypes.Common.Contains(c)).ToHashSet();
        foreach (var (code, value) in d.Fields ?? new Dictionary<string, string>())
            if (!known.Contains(code)) errors[$"document.fields.{code}"] = [$"Not a field of {type.Name}: use {string.Join(", ", known)}."];
            else if (value is null || value.Length > 500) errors[$"document.fields.{code}"] = ["At most 500 characters."];
        return errors;
    }

    private static bool HolderIdValid(LicenceHolder holder, string expected) => (holder.IdType, expected) switch
    {
        ("resident-id", "resident-id" or "resident-id-or-uscc") => IdentityNumbers.IsResidentId(holder.IdNumber),
        ("uscc", "uscc" or "resident-id-or-uscc") => IdentityNumbers.IsUnifiedSocialCreditCode(holder.IdNumber),
        ("birth-certificate-number", "birth-certificate-number") => holder.IdNumber is { Length: >= 6 and <= 32 } n && n.All(char.IsAsciiLetterOrDigit),
        _ => false,
    };
}

/// <summary>Whether a document carries its issuer's signature under one of the issuer's registered keys: push and
/// verification ask the same question.</summary>
public static class IssuerSignature
{
    public static string KeyOf(string issuer, LicenceSignature signature) => SigningKeyView.StreamKey(issuer, signature.KeyId ?? "");

    /// <summary>The question, with the key read (alone or in a batch) and the document's canonical bytes made by the caller.</summary>
    public static (string Field, string Reason)? Check(SigningKeyView? key, string issuer, byte[] canonical, LicenceSignature signature)
    {
        if (key is null) return ("signature.keyId", $"{issuer} has no signing key '{signature.KeyId}'.");
        if (key.Key.Algorithm != signature.Algorithm) return ("signature.algorithm", $"Key '{signature.KeyId}' is a {key.Key.Algorithm} key.");
        return LicenceSignatures.Verify(signature.Algorithm, key.Key.PublicKey, canonical, signature.Value ?? "")
            ? null : ("signature", "The signature does not match the document: it was altered, or signed with another key.");
    }
}
