using System.Security.Cryptography;
using Marten;
using Npgsql;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on a POST: the same key and body give the stored answer again and no second effect; the
/// same key with another body is a 422. Keys are scoped to the API key that sent them and kept 24 hours.
/// A hub killed mid-request must neither block the key nor let a retry do the work twice. So the key is claimed
/// first; the request's own transaction marks it committed (<see cref="CommitMark"/>); the answer is stored after.
/// A retry that finds a claim never committed and older than <see cref="Abandoned"/> runs the request again (nothing
/// of the first one was stored); one that finds it committed without an answer is told the work was done.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private const string ScopeItem = "idempotency-scope";
    private static readonly TimeSpan Abandoned = TimeSpan.FromSeconds(10);   // well beyond any request's own time limit

    public const string Schema = """
        create table if not exists hub.idempotency (scope text primary key, body_hash text not null, status int,
            content_type text, location text, body bytea, created_at timestamptz not null default now());
        alter table hub.idempotency add column if not exists committed boolean not null default false;
        """;

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var key = http.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(http.Request.Method) || key.Length == 0 || http.User.Identity?.IsAuthenticated != true)
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

        await using (var claim = new NpgsqlCommand(
            """
            delete from hub.idempotency where created_at < now() - interval '24 hours';
            insert into hub.idempotency (scope, body_hash) values (@s, @h)
            on conflict (scope) do update set created_at = now()
              where idempotency.status is null and not idempotency.committed and idempotency.body_hash = excluded.body_hash
                and idempotency.created_at < now() - @abandoned
            """, connection))
        {
            claim.Parameters.AddWithValue("s", scope);
            claim.Parameters.AddWithValue("h", hash);
            claim.Parameters.AddWithValue("abandoned", Abandoned);
            if (await claim.ExecuteNonQueryAsync(http.RequestAborted) == 0)
            {
                await Replay(http, connection, scope, hash);
                return;
            }
        }

        http.Items[ScopeItem] = scope;
        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try { await next(http); }
        finally { http.Response.Body = original; }

        await using (var save = new NpgsqlCommand(http.Response.StatusCode >= 500
            ? "delete from hub.idempotency where scope = @s"   // a failure is not an answer: the client may try again
            : "update hub.idempotency set status = @st, content_type = @ct, location = @l, body = @b where scope = @s", connection))
        {
            save.Parameters.AddWithValue("s", scope);
            save.Parameters.AddWithValue("st", http.Response.StatusCode);
            save.Parameters.AddWithValue("ct", (object?)http.Response.ContentType ?? DBNull.Value);
            save.Parameters.AddWithValue("l", (object?)http.Response.Headers.Location.ToString() ?? DBNull.Value);
            save.Parameters.AddWithValue("b", captured.ToArray());
            await save.ExecuteNonQueryAsync(CancellationToken.None);
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    });

    private static async Task Replay(HttpContext http, NpgsqlConnection connection, string scope, string hash)
    {
        await using var read = new NpgsqlCommand("select body_hash, status, content_type, location, body, committed from hub.idempotency where scope = @s", connection);
        read.Parameters.AddWithValue("s", scope);
        await using var r = await read.ExecuteReaderAsync(http.RequestAborted);
        if (!await r.ReadAsync(http.RequestAborted) || r.GetString(0) != hash)
        {
            await Results.Problem(type: Problems.TypeFor(422), title: "Idempotency key reused", statusCode: 422,
                detail: "This Idempotency-Key was used with another body; use a new key for a new request.").ExecuteAsync(http);
            return;
        }
        if (r.IsDBNull(1))
        {
            // Still running (or abandoned, until it is taken over): a client that sees Retry-After tries again.
            if (!r.GetBoolean(5)) http.Response.Headers.RetryAfter = "1";
            await Results.Problem(Problems.Conflict(r.GetBoolean(5)
                ? "The request with this Idempotency-Key was carried out, but its answer was lost when the hub stopped; look the result up instead of sending it again."
                : "The first request with this Idempotency-Key is still running; try again shortly.")).ExecuteAsync(http);
            return;
        }
        http.Response.StatusCode = r.GetInt32(1);
        if (!r.IsDBNull(2)) http.Response.ContentType = r.GetString(2);
        if (!r.IsDBNull(3) && r.GetString(3).Length > 0) http.Response.Headers.Location = r.GetString(3);
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(r.GetFieldValue<byte[]>(4), http.RequestAborted);
    }

    /// <summary>Marks the request's key committed in the request's own transaction: its work and the mark stand or fall together.</summary>
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
}
