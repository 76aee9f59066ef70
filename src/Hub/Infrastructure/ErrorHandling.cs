using JasperFx.Events;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using EventsStreamCollision = JasperFx.Events.ExistingStreamIdCollisionException;
using MartenStreamCollision = Marten.Exceptions.ExistingStreamIdCollisionException;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Maps what can go wrong underneath to problem details: a race on a new stream or a stream version is a 409 the
/// client can retry; a request the server could not read is the client's 4xx; anything else is a 500 whose body
/// says nothing of the internals (the log has the stack trace, keyed by the correlation id).
/// </summary>
public sealed class HubExceptionHandler(IProblemDetailsService problems, ILogger<HubExceptionHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, type, title, detail) = exception switch
        {
            MartenStreamCollision or EventsStreamCollision => (
                409,
                Problems.ConflictType,
                "Conflict",
                "It already exists."
            ),
            // A unique index (a licence's type and number) broken by a request that raced another.
            _ when UniqueViolation(exception) => (409, Problems.ConflictType, "Conflict", "It already exists."),
            EventStreamUnexpectedMaxEventIdException or ConcurrentUpdateException => (
                409,
                Problems.ConflictType,
                "Conflict",
                "Someone else changed it at the same moment; try again."
            ),
            // A document that grants rights was edited in SQL: the decision is refused, not taken on it.
            OneThing.Hub.Features.Audit.TamperedDocumentException tampered => (
                503,
                Problems.TypeFor(503),
                "Refused: stored data was tampered with",
                tampered.Message
            ),
            BadHttpRequestException bad => (
                bad.StatusCode,
                Problems.TypeFor(bad.StatusCode),
                "Bad request",
                bad.Message
            ),
            _ => (
                500,
                Problems.TypeFor(500),
                "Internal error",
                "The hub could not complete the request; it is logged."
            ),
        };
        if (status >= 500)
            log.LogError(exception, "Unhandled error for {Method} {Path}", http.Request.Method, http.Request.Path);

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails =
                {
                    Status = status,
                    Type = type,
                    Title = title,
                    Detail = detail,
                },
            }
        );
    }

    private static bool UniqueViolation(Exception? e) =>
        e is not null
        && (
            e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }
            || UniqueViolation(e.InnerException)
        );

    /// <summary>Every problem gets a type and the correlation id, whoever wrote it (Wolverine, ASP.NET or
    /// us).</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        if (
            string.IsNullOrEmpty(context.ProblemDetails.Type)
            || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org")
            || context.ProblemDetails.Type.StartsWith("https://httpstatuses.com")
        )
            context.ProblemDetails.Type = Problems.TypeFor(status);
        context.ProblemDetails.Extensions["correlationId"] = context.HttpContext.CorrelationId();
        context.ProblemDetails.Extensions.Remove("exception");
    }
}
