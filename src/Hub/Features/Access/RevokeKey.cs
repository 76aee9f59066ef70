using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace OneThing.Hub.Features.Access;

public static class RevokeKeyEndpoint
{
    public static ProblemDetails Validate(string code, RevokeApiKey request, ApiKeyState key, ClaimsPrincipal user)
    {
        if (key.Department != code) return Problems.NotFound($"No key {key.Id} of {code}.");
        if (user.FindFirstValue(Principal.KeyIdClaim) != key.Id
            && KeyPolicy.RevocationRefusal(user.Role(), user.Department(), key) is { } refusal)
            return Problems.Forbidden(refusal);
        if (key.Status == ApiKeyStatus.Revoked) return Problems.Conflict("The key is already revoked.");
        return string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > 500
            ? Problems.Validation("reason", "Give the reason (at most 500 characters).")
            : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// Revokes a key: any holder its own; the coordinating office any key but governance's (governance audits it);
    /// a governance officer governance keys; a department its own systems' keys. Here the key stops at once; on
    /// other nodes within <see cref="ApiKeyAuthentication.CacheFor"/>. Two revocations at once: the stream's version
    /// lets one commit, the other is a 409. To replace a key without a gap, rotate it instead.
    /// </summary>
    [ProducesResponseType(204)]
    [WolverinePost("/api/departments/{code}/keys/{keyId}/revocation")]
    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Governance},{Roles.Department},{Roles.DataCentre}")]
    public static (IResult, Events) Post(
        RevokeApiKey request,
        [WriteAggregate("keyId", OnMissing = OnMissing.ProblemDetailsWith404, MissingMessage = "No key {0}.")]
        ApiKeyState key,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        (Results.NoContent(), [new ApiKeyRevoked(key.Id, request.Reason, user.Id(), clock.GetUtcNow())]);

    /// <summary>
    /// The cached copy says revoked from now on, so no request on this node can re-cache the key as valid while the
    /// revocation commits.
    /// </summary>
    public static async Task AfterAsync(
        ApiKeyState key,
        IDocumentSession session,
        IMemoryCache cache,
        TimeProvider clock,
        CancellationToken ct)
    {
        if (await session.LoadAsync<ApiKey>(key.Id, ct) is not { } stored) return;
        stored.RevokedAt ??= clock.GetUtcNow();
        cache.Set(ApiKeyAuthentication.CacheKey(key.Id), stored, ApiKeyAuthentication.CacheFor);
    }
}
