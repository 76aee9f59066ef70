using System.Text;
using Npgsql;

namespace OneThing.Bench;

/// <summary>The bench's own database on the given server, emptied of the hub's schemas; pg_stat_statements for
/// profiling.</summary>
public static class BenchDatabase
{
    public static async Task<string> Prepare(string server, string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand(
                $"select count(*) from pg_database where datname = '{name}'",
                connection
            );
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
                await new NpgsqlCommand($"create database {name}", connection).ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 };
        await using (
            var connection = new NpgsqlConnection(
                new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString
            )
        )
        {
            await connection.OpenAsync();
            await new NpgsqlCommand(
                "drop schema if exists hub cascade; drop schema if exists wolverine cascade; drop table if exists "
                + "public.bench_raw",
                connection
            ).ExecuteNonQueryAsync();
        }
        return database.ConnectionString;
    }

    /// <summary>Statement statistics from here on (the extension is preloaded by hub.sh's PostgreSQL; absent elsewhere
    /// is fine).</summary>
    public static async Task ResetStatements(NpgsqlDataSource data)
    {
        try
        {
            await using var command = data.CreateCommand(
                "create extension if not exists pg_stat_statements; select pg_stat_statements_reset()"
            );
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException e)
        {
            Console.Error.WriteLine($"  (no pg_stat_statements: {e.MessageText})");
        }
    }

    /// <summary>The statements that took the database's time during the run: where to look first when
    /// profiling.</summary>
    public static async Task WriteStatements(NpgsqlDataSource data, string file)
    {
        try
        {
            await using var command = data.CreateCommand(
                """
                select calls, round(total_exec_time::numeric, 0), round(mean_exec_time::numeric, 3), rows,
                    left(regexp_replace(query, '\s+', ' ', 'g'), 160)
                from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
                order by total_exec_time desc limit 25
                """
            );
            await using var reader = await command.ExecuteReaderAsync();
            var text = new StringBuilder(
                "# pg_stat_statements of the last bench run (top 25 by total time)\n\n| calls | total ms | mean ms | "
                + "rows | statement |\n| ---: | ---: | ---: | ---: | --- |\n"
            );
            while (await reader.ReadAsync())
                text.Append(
                    $"| {reader.GetInt64(0)} | {reader.GetDecimal(1)} | {reader.GetDecimal(2)} | "
                    + $"{reader.GetInt64(3)} | `{reader.GetString(4).Replace("|", "\\|")}` |\n"
                );
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, text.ToString());
        }
        catch (PostgresException e)
        {
            Console.Error.WriteLine($"  (no statement statistics: {e.MessageText})");
        }
    }

    /// <summary>Statements executed in the bench database so far (pg_stat_statements' calls); 0 without the
    /// extension.</summary>
    public static async Task<long> StatementCount(NpgsqlDataSource data)
    {
        try
        {
            await using var command = data.CreateCommand(
                "select coalesce(sum(calls), 0)::bigint from pg_stat_statements "
                + "where dbid = (select oid from pg_database where datname = current_database())"
            );
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException) { return 0; }
    }
}
