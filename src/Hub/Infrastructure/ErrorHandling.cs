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
            // The database full, short of resources, or away (restarting, recovering from a crash, unreachable): a
            // transaction that fails stores nothing, and a request sent again with its Idempotency-Key is carried out
            // once, so the client is told to wait and retry rather than that the hub broke.
            _ when DatabaseUnavailable(exception) is { } why => (
                503,
                Problems.TypeFor(503),
                "The database cannot take requests now",
                why
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
        if (status == 503)
            http.Response.Headers.RetryAfter = "5";
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

    private const string Again = "Send the request again later, with the same Idempotency-Key: it is carried out once.";

    /// <summary>Why the database cannot take the request, when that is what went wrong: PostgreSQL's classes 53
    /// (insufficient resources: disk full, out of memory, too many connections), 57P0x (shutting down, recovering)
    /// and 08 (connection), or no connection at all (Npgsql's own errors, a pool that found none in time). Marten and
    /// Wolverine wrap these, so inner exceptions count.</summary>
    public static string? DatabaseUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            switch (e)
            {
                case Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DiskFull }:
                    return "The database is out of disk space. " + Again;
                case Npgsql.PostgresException p when p.SqlState.StartsWith("53") || p.SqlState.StartsWith("08")
                    || p.SqlState is "57P01" or "57P02" or "57P03":
                    return "The database is short of resources or restarting. " + Again;
                case Npgsql.PostgresException:
                    return null;
                case Npgsql.NpgsqlException:
                    return "The database is not reachable. " + Again;
            }
        return null;
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
