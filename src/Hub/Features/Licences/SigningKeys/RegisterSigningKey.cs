using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Licences.SigningKeys;

public static class RegisterSigningKeyEndpoint
{
    public static ProblemDetails Before(string code, RegisterSigningKey request, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(code))
            return Problems.Forbidden($"Only department '{code}' registers its own signing keys.");
        return LicenceSignatures.CheckPublicKey(request.Algorithm, request.PublicKey) is { } wrong
            ? Problems.Validation("publicKey", wrong) : WolverineContinue.NoProblems;
    }

    /// <summary>The key's stream, if it was registered before: its existence is all the decision needs.</summary>
    public static Task<StreamState?> LoadAsync(
        string code,
        RegisterSigningKey request,
        IQuerySession session,
        CancellationToken ct) =>
        session.Events.FetchStreamStateAsync(SigningKeyView.StreamKey(code, request.KeyId), ct);

    public static ProblemDetails Validate(RegisterSigningKey request, StreamState? existing, HubOptions options,
        TimeProvider clock)
    {
        if (existing is not null)
            return Problems.Conflict(
                $"Key '{request.KeyId}' is already registered; keys are never replaced, register a new key id.");
        var now = clock.GetUtcNow();
        return request.ValidUntil is { } until && (until <= now || until > now + options.SigningKeyLifetime)
            ? Problems.Validation("validUntil",
                $"A signing key is valid for at most {(int)options.SigningKeyLifetime.TotalDays} days from now.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>A department registers the public key (SubjectPublicKeyInfo) its e-licences are signed with. The key
    /// is pending until the coordinating office approves it (<c>POST /api/signing-keys/{code}.{keyId}/approval</c>).
    /// </summary>
    [WolverinePost("/api/departments/{code}/signing-keys"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<SigningKey>(201)]
    public static (IResult, IStartStream) Post(
        string code,
        RegisterSigningKey request,
        ClaimsPrincipal user,
        HubOptions options,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var registered = new SigningKeyRegistered(code, request.KeyId, request.Algorithm, request.PublicKey, user.Id(),
            now, request.ValidUntil ?? now + options.SigningKeyLifetime);
        var key = new SigningKey(code, request.KeyId, request.Algorithm, request.PublicKey, now,
            SigningKeyStatuses.Pending, registered.ValidUntil);
        // Two registrations of one key id at once: the second start of the stream fails, and is answered 409.
        return (Results.Created($"/api/departments/{code}/signing-keys/{request.KeyId}", key),
            MartenOps.StartStream<SigningKeyView>(SigningKeyView.StreamKey(code, request.KeyId), registered));
    }
}
