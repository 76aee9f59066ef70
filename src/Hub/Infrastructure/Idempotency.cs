using System.Security.Cryptography;
using Marten;
using Npgsql;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on a POST: the same key and body give the stored answer again and no second effect; the
/// same key with another body is a 422. Keys are scoped to the API key that sent them and kept 24 hours. The answer
/// is stored right after the request's own transaction commits: a crash in between lets a retry run the request
/// again, which the endpoints' own checks (unique codes, states) then refuse or repeat harmlessly.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    public const string Schema = """
        create table if not exists hub.idempotency (scope text primary key, body_hash text not null, status int,
            content_type text, location text, body bytea, created_at timestamptz not null default now());
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
            "delete from hub.idempotency where created_at < now() - interval '24 hours'; insert into hub.idempotency (scope, body_hash) values (@s, @h) on conflict do nothing", connection))
        {
            claim.Parameters.AddWithValue("s", scope);
            claim.Parameters.AddWithValue("h", hash);
            if (await claim.ExecuteNonQueryAsync(http.RequestAborted) == 0)
            {
                await Replay(http, connection, scope, hash);
                return;
            }
        }

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
        await using var read = new NpgsqlCommand("select body_hash, status, content_type, location, body from hub.idempotency where scope = @s", connection);
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
            await Results.Problem(Problems.Conflict("The first request with this Idempotency-Key is still running; try again shortly.")).ExecuteAsync(http);
            return;
        }
        http.Response.StatusCode = r.GetInt32(1);
        if (!r.IsDBNull(2)) http.Response.ContentType = r.GetString(2);
        if (!r.IsDBNull(3) && r.GetString(3).Length > 0) http.Response.Headers.Location = r.GetString(3);
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(r.GetFieldValue<byte[]>(4), http.RequestAborted);
    }
}
