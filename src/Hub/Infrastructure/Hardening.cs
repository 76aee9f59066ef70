using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// What every answer gets regardless of route: security headers, a body size limit, bodies only as UTF-8 JSON (415
/// otherwise; an upload route marked <see cref="RawBodyAttribute"/> takes any media type, up to its own limit), no NUL
/// in query values, and a rate limit per API key (429 with Retry-After when a key sends more than
/// its share).
/// </summary>
public static class Hardening
{
    public const long MaxBodyBytes = 1 << 20;

    public static IServiceCollection AddHardening(this IServiceCollection services, HubOptions hub)
    {
        var perSecond = hub.RateLimit;
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(
                    http.User.FindFirstValue(Principal.KeyIdClaim) ?? $"ip:{http.Connection.RemoteIpAddress}",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perSecond * 2,
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }
                )
            );
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results
                    .Problem(
                        type: Problems.TypeFor(429),
                        title: "Too many requests",
                        statusCode: 429,
                        detail: $"This key may send {perSecond} requests a second; try again after a second."
                    )
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(
            async (http, next) =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                    + "frame-ancestors 'none'";
                headers.CacheControl = http.Request.Path.StartsWithSegments("/api") ? "no-store" : headers.CacheControl;
                // An upload route reads any media type up to its own limit; routing has already chosen the endpoint.
                var raw = http.GetEndpoint()?.Metadata.GetMetadata<RawBodyAttribute>();
                var limit = raw?.MaxBytes ?? MaxBodyBytes;
                var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
                if (raw is not null && size is { IsReadOnly: false }) size.MaxRequestBodySize = raw.MaxBytes;
                if (http.Request.ContentLength > limit)
                {
                    await Results
                        .Problem(
                            type: Problems.TypeFor(413),
                            title: "Request too large",
                            statusCode: 413,
                            detail: $"Bodies are at most {limit} bytes."
                        )
                        .ExecuteAsync(http);
                    return;
                }
                if (Refusal(http.Request, anyMediaType: raw is not null) is { } problem)
                {
                    await Results.Problem(problem).ExecuteAsync(http);
                    return;
                }
                await next(http);
            }
        );

    private static ProblemDetails? Refusal(HttpRequest request, bool anyMediaType)
    {
        // PostgreSQL keeps no NUL in text: a filter with one would fail deep in a query as a 500.
        if (request.Query.Any(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true)))
            return Problems.Validation("query", "Query values may not contain the NUL character (U+0000).");
        // Without this, a body sent as another type or charset would be read as UTF-8 JSON anyway, and misread.
        var hasBody =
            request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody && !anyMediaType && request.Path.StartsWithSegments("/api") && !IsUtf8Json(request.ContentType))
            return new ProblemDetails
            {
                Type = Problems.TypeFor(415),
                Title = "Unsupported media type",
                Status = StatusCodes.Status415UnsupportedMediaType,
                Detail = "Send the body as JSON in UTF-8: Content-Type: application/json.",
            };
        return null;
    }

    private static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (
            type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
        )
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
