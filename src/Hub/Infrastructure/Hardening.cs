using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// What every answer gets regardless of route: security headers, a body size limit, and a rate limit per API key
/// (429 with Retry-After when a key sends more than its share).
/// </summary>
public static class Hardening
{
    public const long MaxBodyBytes = 1 << 20;

    public static IServiceCollection AddHardening(this IServiceCollection services, IConfiguration config)
    {
        var perSecond = int.TryParse(config["HUB_RATE_LIMIT"], out var rate) ? rate : 200;
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(
                    http.User.FindFirstValue(Principal.KeyIdClaim) ?? $"ip:{http.Connection.RemoteIpAddress}",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perSecond * 2, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0, AutoReplenishment = true,
                    }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem(type: Problems.TypeFor(429), title: "Too many requests", statusCode: 429,
                    detail: $"This key may send {perSecond} requests a second; try again after a second.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        headers.CacheControl = http.Request.Path.StartsWithSegments("/api") ? "no-store" : headers.CacheControl;
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            await Results.Problem(type: Problems.TypeFor(413), title: "Request too large", statusCode: 413,
                detail: $"Bodies are at most {MaxBodyBytes} bytes.").ExecuteAsync(http);
            return;
        }
        await next(http);
    });
}
