using Npgsql;

namespace OneThing.Bench;

/// <summary>
/// The machine's limit for what the hub's write path must do at least once: one row inserted and committed per
/// operation (autocommit, so every insert is its own transaction and waits for its WAL flush, as the hub's commit
/// does). Same database server, same synchronous_commit, same loopback TCP as the hub.
/// </summary>
public static class RawPostgres
{
    public static async Task<(LoadResult One, LoadResult Sixteen)> Measure(NpgsqlDataSource data, TimeSpan duration)
    {
        await using (
            var setup = data.CreateCommand(
                "drop table if exists public.bench_raw; create table public.bench_raw (id bigserial primary key, at "
                + "timestamptz not null default now(), body jsonb not null)"
            )
        )
            await setup.ExecuteNonQueryAsync();

        // A body of about the size of a licence event, so the WAL written per commit is comparable.
        var body = System.Text.Json.JsonSerializer.Serialize(
            new
            {
                type = "birth-medical-certificate",
                number = new string('7', 20),
                payload = new string('x', 900),
            }
        );
        async Task<bool> Insert(int _)
        {
            await using var command = data.CreateCommand("insert into public.bench_raw (body) values ($1::jsonb)");
            command.Parameters.Add(new NpgsqlParameter { Value = body });
            return await command.ExecuteNonQueryAsync() == 1;
        }
        var one = await Load.Closed("raw insert", 1, duration, Insert);
        var sixteen = await Load.Closed("raw insert", 16, duration, Insert);
        return (one, sixteen);
    }
}
