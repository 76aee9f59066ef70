using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Features.Access;

/// <summary>
/// <c>Authorization: Bearer otk_{keyId}.{secret}</c>. The key id finds the stored hash; the secret is compared in
/// constant time. Answers are cached for a few seconds so that the write path does not pay a query per request;
/// a revoked key therefore stops working within <see cref="CacheFor"/>. Expiry is checked against the clock on
/// every request.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IQuerySession session,
    IMemoryCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public static string CacheKey(string keyId) => $"apikey:{keyId}";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Use Authorization: Bearer <api key>.");
        if (!ApiKeySecret.TryParse(header["Bearer ".Length..].Trim(), out var keyId, out var secret))
            return AuthenticateResult.Fail("The API key is malformed.");

        if (!cache.TryGetValue(CacheKey(keyId), out ApiKey? key))
        {
            // A key edited in SQL (its role, its department) is refused: 503, and verification lists it.
            key = DocumentDigests.Verified(await session.LoadAsync<ApiKey>(keyId, Context.RequestAborted));
            // Unknown ids are not remembered: made-up ones must not fill the memory.
            if (key is not null) cache.Set(CacheKey(keyId), key, CacheFor);
        }

        if (key is null || !ApiKeySecret.Matches(key.Hash, keyId, secret))
            return AuthenticateResult.Fail("The API key is not known.");
        var now = clock.GetUtcNow();
        if (key.RevokedAt is { } revoked && revoked <= now)
            return AuthenticateResult.Fail("The API key was revoked.");
        if (key.Expiry() <= now)
            return AuthenticateResult.Fail(key.ReplacedBy is null
                ? "The API key expired." : "The API key was rotated and its overlap is over.");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"{key.Department}/{key.Id}"),
            new Claim(ClaimTypes.Role, key.Role),
            new Claim(Principal.DepartmentClaim, key.Department),
            new Claim(Principal.KeyIdClaim, key.Id),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status401Unauthorized, Problems.UnauthenticatedType, "Not authenticated",
            "A valid API key is required: Authorization: Bearer <api key>.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, Problems.ForbiddenType, "Not allowed",
            $"The role '{Context.User.Role()}' may not use {Request.Method} {Request.Path}.");

    private Task WriteProblem(int status, string type, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
            Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(type: type, title: title, detail: detail, statusCode: status).ExecuteAsync(Context);
    }
}
