using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on a POST: the same key and body give the stored answer again and no second effect; the
/// same key with another body is a 422. Keys are scoped to the API key that sent them and kept 24 hours.
/// A hub killed mid-request must neither block the key nor let a retry do the work twice:
/// <list type="bullet">
/// <item>the request holds a PostgreSQL advisory lock on its key while it runs, so a retry knows whether the first
/// attempt is still running (locked) or died with its node (the lock went with its connection);</item>
/// <item>the request's own transaction marks the key committed (<see cref="CommitMark"/>), so a retry after a death
/// knows whether the work was done (answered "carried out") or not (run again);</item>
/// <item>the answer is stored sealed with the hub's key: some answers hold secrets (an issued API key) or personal
/// data;</item>
/// <item>an answer that hands over what may leave the hub once (an exchange's records) names what a replay answers
/// instead (<see cref="ReplayWith"/>): those records are never stored here, and a replay never hands them over
/// again.</item>
/// </list>
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private const string ScopeItem = "idempotency-scope";
    private const string ReplayItem = "idempotency-replay";

    public const string Schema = """
        create table if not exists hub.idempotency (scope text primary key, body_hash text not null, status int,
            content_type text, location text, body bytea, created_at timestamptz not null default now());
        alter table hub.idempotency add column if not exists committed boolean not null default false;
        create index if not exists idempotency_created_at on hub.idempotency (created_at);
        """;

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) =>
        app.Use(
            async (http, next) =>
            {
                var key = http.Request.Headers[Header].ToString();
                if (
                    !HttpMethods.IsPost(http.Request.Method)
                    || key.Length == 0
                    || http.User.Identity?.IsAuthenticated != true
                )
                {
                    await next(http);
                    return;
                }
                if (key.Length > 200)
                {
                    await Results.Problem(Problems.Validation(Header, "At most 200 characters.")).ExecuteAsync(http);
                    return;
                }

                http.Request.EnableBuffering();
                var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(http.Request.Body, http.RequestAborted));
                http.Request.Body.Position = 0;
                var scope = $"{http.User.FindFirst(Principal.KeyIdClaim)?.Value}:{http.Request.Path}:{key}";
                var store = http.RequestServices.GetRequiredService<IDocumentStore>();
                await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
                await connection.OpenAsync(http.RequestAborted);

                if (!await Scalar<bool>(connection, "select pg_try_advisory_lock(hashtextextended(@s, 0))", scope))
                {
                    await Replay(http, connection, scope, hash, running: true);
                    return;
                }
                try
                {
                    // Claimed now, or claimed before by an attempt that has died (its lock is free): unless that one
                    // committed,
                    // this request runs. Anything else is answered from what the first attempt left.
                    var claimed = await Scalar<bool>(
                        connection,
                        """
                        insert into hub.idempotency (scope, body_hash) values (@s, @h)
                        on conflict (scope) do update set created_at = now()
                          where idempotency.status is null and not idempotency.committed
                            and idempotency.body_hash = excluded.body_hash
                        returning true
                        """,
                        scope,
                        hash
                    );
                    if (!claimed)
                    {
                        await Replay(http, connection, scope, hash, running: false);
                        return;
                    }
                    await Run(http, next, connection, scope);
                }
                finally
                {
                    // A connection that broke (the database unreachable, a query timed out) holds no lock to give
                    // back: the lock ends with its session. Unlocking it would throw, hiding the request's own failure
                    // (a 503 to retry) behind a 500.
                    if (connection.FullState == System.Data.ConnectionState.Open)
                        await Scalar<bool>(connection, "select pg_advisory_unlock(hashtextextended(@s, 0))", scope);
                }
            }
        );

    /// <summary>What a replay of this request answers instead of the response sent now (same status and headers):
    /// for a response whose content must reach its caller once.</summary>
    public static void ReplayWith<T>(this HttpContext http, T answer) =>
        http.Items[ReplayItem] = JsonSerializer.SerializeToUtf8Bytes(answer, HubJson.Options);

    private static async Task Run(HttpContext http, RequestDelegate next, NpgsqlConnection connection, string scope)
    {
        http.Items[ScopeItem] = scope;
        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        // The answer stored is the one a retry gets, so it is written whole even when this caller has gone (timed out,
        // and sending again elsewhere): ASP.NET's JSON writer stops quietly on RequestAborted, which stored a 2xx
        // with an empty body for the retry (network_faults). The work itself ends once begun, its answer kept.
        var lifetime = http.Features.Get<IHttpRequestLifetimeFeature>();
        if (lifetime is not null)
            http.Features.Set<IHttpRequestLifetimeFeature>(new Unabortable(lifetime));
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
            if (lifetime is not null)
                http.Features.Set(lifetime);
        }

        var box = http.RequestServices.GetRequiredService<SecretBox>();
        await using (
            var save = new NpgsqlCommand(
                http.Response.StatusCode >= 500
                    // a failure is not an answer: the client may try again
                    ? "delete from hub.idempotency where scope = @s"
                    : "update hub.idempotency set status = @st, content_type = @ct, location = @l, body = @b "
                        + "where scope = @s",
                connection
            )
        )
        {
            save.Parameters.AddWithValue("s", scope);
            save.Parameters.AddWithValue("st", http.Response.StatusCode);
            save.Parameters.AddWithValue("ct", (object?)http.Response.ContentType ?? DBNull.Value);
            save.Parameters.AddWithValue("l", (object?)http.Response.Headers.Location.ToString() ?? DBNull.Value);
            save.Parameters.AddWithValue("b", box.Seal(http.Items[ReplayItem] as byte[] ?? captured.ToArray()));
            try
            {
                await save.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception e) when (connection.FullState != System.Data.ConnectionState.Open
                                      || HubExceptionHandler.DatabaseUnavailable(e) is not null)
            {
                // The work committed with its mark, and only the copy of its answer was lost with the database: this
                // caller still gets the answer, and a retry is told the work was done (409), never that it failed.
                http.RequestServices.GetRequiredService<ILogger<Expiry>>().LogWarning(
                    "The answer to {Path} was not kept for replay: {Error}", http.Request.Path, e.Message);
            }
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task Replay(
        HttpContext http,
        NpgsqlConnection connection,
        string scope,
        string hash,
        bool running
    )
    {
        await using var read = new NpgsqlCommand(
            "select body_hash, status, content_type, location, body, committed from hub.idempotency where scope = @s",
            connection
        );
        read.Parameters.AddWithValue("s", scope);
        await using var r = await read.ExecuteReaderAsync(http.RequestAborted);
        var found = await r.ReadAsync(http.RequestAborted);
        if (found && r.GetString(0) != hash)
        {
            await Results
                .Problem(
                    type: Problems.TypeFor(422),
                    title: "Idempotency key reused",
                    statusCode: 422,
                    detail: "This Idempotency-Key was used with another body; use a new key for a new request."
                )
                .ExecuteAsync(http);
            return;
        }
        if (!found || r.IsDBNull(1))
        {
            var done = found && r.GetBoolean(5) && !running;
            // Still running: a client that sees Retry-After tries again.
            if (!done)
                http.Response.Headers.RetryAfter = "1";
            await Results
                .Problem(
                    Problems.Conflict(
                        done
                            ? "The request with this Idempotency-Key was carried out, but its answer was lost when "
                                + "the hub stopped; look the result up instead of sending it again."
                            : "The first request with this Idempotency-Key is still running; try again shortly."
                    )
                )
                .ExecuteAsync(http);
            return;
        }
        http.Response.StatusCode = r.GetInt32(1);
        if (!r.IsDBNull(2))
            http.Response.ContentType = r.GetString(2);
        if (!r.IsDBNull(3) && r.GetString(3).Length > 0)
            http.Response.Headers.Location = r.GetString(3);
        http.Response.Headers["Idempotent-Replayed"] = "true";
        var box = http.RequestServices.GetRequiredService<SecretBox>();
        await http.Response.Body.WriteAsync(box.Open(r.GetFieldValue<byte[]>(4)), http.RequestAborted);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, string scope, string? hash = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("s", scope);
        if (hash is not null)
            command.Parameters.AddWithValue("h", hash);
        return await command.ExecuteScalarAsync(CancellationToken.None) is T value ? value : default!;
    }

    /// <summary>The request as its endpoint sees it: never aborted, though the connection may be.</summary>
    private sealed class Unabortable(IHttpRequestLifetimeFeature connection) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted
        {
            get => CancellationToken.None;
            set { }
        }

        public void Abort() => connection.Abort();
    }

    /// <summary>Marks the request's key committed in the request's own transaction: its work and the mark stand or fall
    /// together.</summary>
    public sealed class CommitMark : DocumentSessionListenerBase
    {
        private readonly HttpContextAccessor _http = new();

        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (_http.HttpContext?.Items[ScopeItem] is string scope)
                session.QueueSqlCommand("update hub.idempotency set committed = true where scope = ?", scope);
            return Task.CompletedTask;
        }
    }

    /// <summary>Forgets keys older than a day, once an hour (not on the requests' own path).</summary>
    public sealed class Expiry(IDocumentStore store, ILogger<Expiry> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken ct)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
                    await connection.OpenAsync(ct);
                    await using var purge = new NpgsqlCommand(
                        "delete from hub.idempotency where created_at < now() - interval '24 hours'",
                        connection
                    );
                    await purge.ExecuteNonQueryAsync(ct);
                }
                catch (NpgsqlException e)
                {
                    log.LogWarning("Expired idempotency keys not removed this hour: {Error}", e.Message);
                }
            }
        }
    }
}
