using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Npgsql;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// What a failover run that lost, kept waiting or doubled something leaves for its post-mortem, taken at the moment
/// of loss: after the settle gave up and before the rig is disposed, so the surviving node still runs and RabbitMQ
/// still shows its consumers and unacknowledged messages. Every node's log, RabbitMQ's queues and channels,
/// Wolverine's tables (envelope bodies left out), and the trail of each unfinished application with, for every
/// message it dispatched and never delivered, where that message still is. Written under .hub/failover/.
/// </summary>
public static class FailoverCapture
{
    public static async Task<string> Take(Rig rig, Load load, int run, DateTimeOffset killedAt, Ledger? ledger,
        Exception? failure)
    {
        var folder = Path.Combine(Repo.Root(), ".hub", "failover", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-run{run:000}");
        Directory.CreateDirectory(folder);
        var summary = new StringBuilder()
            .AppendLine($"run {run}; node 0 killed at {killedAt:O}; captured at {DateTimeOffset.UtcNow:O}")
            .AppendLine(ledger is null ? "no ledger" : JsonSerializer.Serialize(ledger, Indented))
            .AppendLine(failure?.ToString() ?? "");
        await File.WriteAllTextAsync(Path.Combine(folder, "summary.txt"), summary.ToString());

        var logs = new StringBuilder();
        foreach (var (name, file) in rig.Logs)
        {
            logs.AppendLine($"{name}: {Path.GetFileName(file)}");
            if (File.Exists(file)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "logs.txt"), logs.ToString());

        await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.txt"), await RabbitMqState());

        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync();
        await Tables(connection, Path.Combine(folder, "wolverine"));
        await File.WriteAllTextAsync(Path.Combine(folder, "unfinished.txt"),
            await Unfinished(connection, [.. load.Applications], [.. load.Exchanges]));
        return folder;
    }

    private static readonly JsonSerializerOptions Indented =
        new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Through the broker's own tool (./hub.sh test and failover-loop name it in HUB_TEST_RABBITMQCTL):
    /// the AMQP client sees neither unacknowledged messages nor other connections' channels.</summary>
    private static async Task<string> RabbitMqState()
    {
        var ctl = Environment.GetEnvironmentVariable("HUB_TEST_RABBITMQCTL");
        if (ctl is null || !File.Exists(ctl)) return "HUB_TEST_RABBITMQCTL is not set: no broker state taken\n";
        var text = new StringBuilder();
        foreach (var args in new[]
                 {
                     "list_queues name durable messages_ready messages_unacknowledged consumers",
                     "list_consumers queue_name channel_pid ack_required prefetch_count",
                     "list_connections name peer_port state channels",
                     "list_channels connection number confirm messages_unacknowledged messages_unconfirmed",
                 })
        {
            text.AppendLine($"$ rabbitmqctl {args}");
            var start = new ProcessStartInfo("bash", [ctl, "-q", .. args.Split(' ')])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
            text.AppendLine(await output).AppendLine(await error);
        }
        return text.ToString();
    }

    /// <summary>Every Wolverine table of the hub's schema, one JSON row a line, bodies (bytea) left out.</summary>
    private static async Task Tables(NpgsqlConnection connection, string folder)
    {
        Directory.CreateDirectory(folder);
        var names = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "select table_name from information_schema.tables where table_schema = 'hub' and "
                         + "table_name like 'wolverine%' order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                names.Add(reader.GetString(0));
        foreach (var name in names)
        {
            var rows = new StringBuilder();
            await using var select = new NpgsqlCommand($"select (to_jsonb(t) - 'body')::text from hub.\"{name}\" t",
                connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.AppendLine(reader.GetString(0));
            await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.jsonl"), rows.ToString());
        }
    }

    /// <summary>
    /// For each accepted application without its results or with a message never delivered, and each exchange
    /// without its answer: its events, then,
    /// for each department message its events name (work items, results, queries) that has no delivery event,
    /// whether it is still in Wolverine's inbox, outbox or dead letters (found by its id in the envelope bodies).
    /// </summary>
    private static async Task<string> Unfinished(NpgsqlConnection connection, string[] applications,
        string[] exchanges)
    {
        var text = new StringBuilder();
        var streams = new List<string>();
        await using (var find = new NpgsqlCommand(
                         "select a.id from unnest(@apps) as a(id) where not exists (select 1 from hub.mt_events e "
                         + "where e.stream_id = a.id and e.type = 'application_results_delivered') or exists (select "
                         + "1 from hub.mt_events d where d.stream_id = a.id and d.data->>'messageId' is not null and "
                         + "not exists (select 1 from hub.mt_events m where m.type = 'message_delivered' and "
                         + "m.data->>'messageId' = d.data->>'messageId')) union all "
                         + "select x.id from unnest(@exchanges) as x(id) where not exists (select 1 from "
                         + "hub.mt_events e where e.stream_id = x.id and e.type = 'exchange_answered')", connection))
        {
            find.Parameters.AddWithValue("apps", applications);
            find.Parameters.AddWithValue("exchanges", exchanges);
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                streams.Add(reader.GetString(0));
        }
        text.AppendLine($"{streams.Count} unfinished of {applications.Length} applications and "
                        + $"{exchanges.Length} exchanges");
        foreach (var stream in streams)
        {
            text.AppendLine().AppendLine($"== {stream}");
            var messages = new List<string>();
            await using (var events = new NpgsqlCommand(
                             "select seq_id, version, type, timestamp, data::text, data->>'messageId' from "
                             + "hub.mt_events where stream_id = @id order by version", connection))
            {
                events.Parameters.AddWithValue("id", stream);
                await using var reader = await events.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var data = reader.GetString(4);
                    text.AppendLine($"  seq {reader.GetInt64(0)} v{reader.GetInt64(1)} {reader.GetString(2)} "
                                    + $"{reader.GetDateTime(3):O} {data[..Math.Min(200, data.Length)]}");
                    if (!reader.IsDBNull(5)) messages.Add(reader.GetString(5));
                }
            }
            foreach (var message in messages.Distinct())
                text.AppendLine($"  message {message}: {await WhereIs(connection, message)}");
        }
        return text.ToString();
    }

    private static async Task<string> WhereIs(NpgsqlConnection connection, string message)
    {
        await using var command = new NpgsqlCommand(
            """
            select concat_ws('; ',
              (select string_agg(type || ' ' || timestamp::text, ', ') from hub.mt_events
                where type in ('message_delivered', 'delivery_attempt_failed') and data->>'messageId' = @m),
              (select string_agg('inbox ' || id || ' ' || status || ' owner ' || owner_id, ', ')
                from hub.wolverine_incoming_envelopes where position(convert_to(@m, 'UTF8') in body) > 0),
              (select string_agg('outbox ' || id || ' owner ' || owner_id || ' to ' || destination, ', ')
                from hub.wolverine_outgoing_envelopes where position(convert_to(@m, 'UTF8') in body) > 0),
              (select string_agg('dead letter ' || id, ', ')
                from hub.wolverine_dead_letters where position(convert_to(@m, 'UTF8') in body) > 0))
            """, connection);
        command.Parameters.AddWithValue("m", message);
        var found = (string?)await command.ExecuteScalarAsync();
        return string.IsNullOrEmpty(found) ? "nowhere (no delivery event, inbox, outbox or dead letter row)" : found;
    }
}
