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

public static class RotateKeyEndpoint
{
    public static ProblemDetails Validate(string code, RotateApiKey request, ApiKeyState key, ClaimsPrincipal user,
        HubOptions options, TimeProvider clock)
    {
        if (key.Department != code) return Problems.NotFound($"No key {key.Id} of {code}.");
        // Only the holder: a successor's secret shown to anyone else would be that principal's secret.
        if (user.FindFirstValue(Principal.KeyIdClaim) != key.Id)
            return Problems.Forbidden("A key is rotated by its own holder, with that key.");
        if (!key.Works(clock.GetUtcNow())) return Problems.Conflict("The key no longer works.");
        if (key.ReplacedBy is not null) return Problems.Conflict($"The key was already rotated to {key.ReplacedBy}.");
        if (request.OverlapHours is { } hours && (hours < 0 || TimeSpan.FromHours(hours) > options.KeyRotationOverlap))
            return Problems.Validation("overlapHours",
                $"Use 0 to {(int)options.KeyRotationOverlap.TotalHours} hours.");
        return request.Label is { Length: > 200 }
            ? Problems.Validation("label", "At most 200 characters.") : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The holder replaces its key: the answer shows the successor once; the old key keeps working for the overlap
    /// (HUB_KEY_ROTATION_OVERLAP_HOURS, or less if asked), so the system can move without a gap, then stops.
    /// </summary>
    [WolverinePost("/api/departments/{code}/keys/{keyId}/rotation")]
    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Governance},{Roles.Department},{Roles.DataCentre}")]
    [ProducesResponseType<IssuedApiKey>(StatusCodes.Status201Created)]
    public static (IResult, Events, IStartStream) Post(
        string code,
        RotateApiKey request,
        [WriteAggregate("keyId", OnMissing = OnMissing.ProblemDetailsWith404, MissingMessage = "No key {0}.")]
        ApiKeyState key,
        ClaimsPrincipal user,
        HubOptions options,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var overlap = request.OverlapHours is { } hours ? TimeSpan.FromHours(hours) : options.KeyRotationOverlap;
        var issued = KeyPolicy.Issue(code, key.Role, request.Label, user.Id(), now, options.KeyLifetime,
            out var secret, rotatedFrom: key.Id);
        var rotated = new ApiKeyRotated(key.Id, issued.KeyId, now + overlap, user.Id(), now);
        return (Results.Created((string?)null, KeyPolicy.Answer(issued, secret)), [rotated],
            MartenOps.StartStream<ApiKey>(issued.KeyId, issued));
    }

    /// <summary>
    /// The old key's cached copy takes its new end at once, as a revocation's does: the copy read here may predate
    /// the rotation, so the end is set on it (a few milliseconds later than the stored one, for the cache's seconds).
    /// </summary>
    public static async Task AfterAsync(ApiKeyState key, RotateApiKey request, IDocumentSession session,
        IMemoryCache cache, HubOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<ApiKey>(key.Id, ct) is not { } stored) return;
        var end = clock.GetUtcNow() + (request.OverlapHours is { } hours
            ? TimeSpan.FromHours(hours) : options.KeyRotationOverlap);
        if (end < stored.Expiry()) stored.ExpiresAt = end;
        cache.Set(ApiKeyAuthentication.CacheKey(key.Id), stored, ApiKeyAuthentication.CacheFor);
    }
}
