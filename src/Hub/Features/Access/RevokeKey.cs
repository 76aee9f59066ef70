using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Caching.Memory;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Access;

public static class RevokeKeyEndpoint
{
    /// <summary>
    /// The coordinating office revokes a key (to rotate one: issue the new key, move the system to it, revoke the
    /// old). Here the key stops at once; on other nodes within <see cref="ApiKeyAuthentication.CacheFor"/>.
    /// </summary>
    [WolverinePost("/api/departments/{code}/keys/{keyId}/revocation"), Authorize(Roles = Roles.Coordinator)]
    public static async Task<IResult> Post(string code, string keyId, RevokeApiKey request, ClaimsPrincipal user, IDocumentSession session,
        IMemoryCache cache, TimeProvider clock, CancellationToken ct)
    {
        // Locked for the rest of the transaction: two revocations at once are decided one after the other.
        var stream = await session.Events.FetchForExclusiveWriting<ApiKey>(keyId, ct);
        var key = stream.Aggregate;
        if (key is null || key.Department != code) return Results.Problem(Problems.NotFound($"No key {keyId} of {code}."));
        if (key.RevokedAt is not null) return Results.Problem(Problems.Conflict("The key is already revoked."));
        if (string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > 500)
            return Results.Problem(Problems.Validation("reason", "Give the reason (at most 500 characters)."));
        var revoked = new ApiKeyRevoked(keyId, request.Reason, user.Id(), clock.GetUtcNow());
        stream.AppendOne(revoked);
        // The cached copy says revoked from now on, so no request on this node can re-cache the key as valid meanwhile.
        ApiKeyProjection.Apply(revoked, key);
        cache.Set($"apikey:{keyId}", key, ApiKeyAuthentication.CacheFor);
        return Results.NoContent();
    }
}
