using System.Net;
using Npgsql;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// Who ran each async projection, and when, as the database saw it. Triggers record each shard's progress with the
/// address of the host whose transaction moved it, each assignment of an agent to a node as Wolverine writes it,
/// and the address each node writes its heartbeat from. On a <see cref="Network"/> every node has an address of its
/// own, so an address is a node: progress committed by a node the shard was not assigned to at that moment means
/// the projection ran on two nodes at once.
/// </summary>
public sealed class Ownership(string connectionString)
{
    /// <summary>The daemon's own row, moved by every node that runs a daemon: not a projection.</summary>
    private const string HighWaterMark = "HighWaterMark";

    public static async Task<Ownership> Install(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            create table if not exists public.netfaults_progress (name text not null, seq bigint not null,
                host inet, at timestamptz not null default clock_timestamp());
            create table if not exists public.netfaults_assignments (agent text not null, node uuid, op text not null,
                at timestamptz not null default clock_timestamp());
            create table if not exists public.netfaults_hosts (node uuid primary key, node_number int, host inet);
            create or replace function public.netfaults_progress() returns trigger language plpgsql as $$
            begin
              insert into public.netfaults_progress (name, seq, host)
                values (new.name, new.last_seq_id, inet_client_addr());
              return null;
            end $$;
            create or replace function public.netfaults_assignment() returns trigger language plpgsql as $$
            begin
              if tg_op = 'DELETE' then
                insert into public.netfaults_assignments (agent, node, op) values (old.id, old.node_id, 'delete');
              else
                insert into public.netfaults_assignments (agent, node, op) values (new.id, new.node_id, 'assign');
              end if;
              return null;
            end $$;
            -- A node writes its own row (registration, heartbeat); others only delete it.
            create or replace function public.netfaults_host() returns trigger language plpgsql as $$
            begin
              insert into public.netfaults_hosts (node, node_number, host)
                values (new.id, new.node_number, inet_client_addr())
                on conflict (node) do update set host = excluded.host, node_number = excluded.node_number;
              return null;
            end $$;
            drop trigger if exists netfaults_progress on hub.mt_event_progression;
            create trigger netfaults_progress after insert or update on hub.mt_event_progression
                for each row execute function public.netfaults_progress();
            drop trigger if exists netfaults_assignment on hub.wolverine_node_assignments;
            create trigger netfaults_assignment after insert or update or delete on hub.wolverine_node_assignments
                for each row execute function public.netfaults_assignment();
            drop trigger if exists netfaults_host on hub.wolverine_nodes;
            create trigger netfaults_host after insert or update on hub.wolverine_nodes
                for each row execute function public.netfaults_host();
            -- What was assigned before the triggers, as if assigned now.
            insert into public.netfaults_assignments (agent, node, op)
                select id, node_id, 'assign' from hub.wolverine_node_assignments;
            """,
            connection
        );
        await command.ExecuteNonQueryAsync();
        return new Ownership(connectionString);
    }

    public sealed record Commit(string Shard, IPAddress Host, DateTime At);

    public sealed record Assignment(string Agent, Guid Node, string Op, DateTime At);

    public sealed record Findings(
        IReadOnlyDictionary<string, string> Shards,
        IReadOnlyList<string> TwoAtOnce,
        IReadOnlyList<string> Handovers
    );

    /// <summary>
    /// Every commit of a shard's progress since <paramref name="since"/> checked against the assignments: the node
    /// at the commit's address must have held the shard's agent then (within <paramref name="grace"/>: a node
    /// records its assignment just after it starts the agent).
    /// </summary>
    public async Task<Findings> Check(DateTime since, TimeSpan grace)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var commits = new List<Commit>();
        await using (var read = new NpgsqlCommand(
            "select name, host, at from public.netfaults_progress where at >= @since and name <> @hwm order by at",
            connection))
        {
            read.Parameters.AddWithValue("since", since);
            read.Parameters.AddWithValue("hwm", HighWaterMark);
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
                commits.Add(new Commit(rows.GetString(0), rows.GetFieldValue<IPAddress>(1), rows.GetDateTime(2)));
        }
        var assignments = new List<Assignment>();
        await using (var read = new NpgsqlCommand(
            "select agent, node, op, at from public.netfaults_assignments order by at", connection))
        {
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
                assignments.Add(new Assignment(rows.GetString(0), rows.GetGuid(1), rows.GetString(2),
                    rows.GetDateTime(3)));
        }
        var hosts = new Dictionary<Guid, IPAddress>();
        await using (var read = new NpgsqlCommand("select node, host from public.netfaults_hosts", connection))
        {
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
                hosts[rows.GetGuid(0)] = rows.GetFieldValue<IPAddress>(1);
        }
        return Judge(commits, assignments, hosts, grace);
    }

    /// <summary>The checks themselves, apart from the database so that a test can show they fail.</summary>
    public static Findings Judge(
        IReadOnlyList<Commit> commits,
        IReadOnlyList<Assignment> assignments,
        IReadOnlyDictionary<Guid, IPAddress> hosts,
        TimeSpan grace
    )
    {
        var agents = assignments.Select(a => a.Agent).Distinct().ToList();
        var shards = commits.Select(c => c.Shard).Distinct()
            .ToDictionary(s => s, s => AgentOf(s, agents) ?? "(no agent)");
        var twice = new List<string>();
        foreach (var commit in commits)
        {
            var agent = shards[commit.Shard];
            var owners = Owners(assignments.Where(a => a.Agent == agent).ToList(), commit.At - grace,
                commit.At + grace);
            if (!owners.Any(o => hosts.TryGetValue(o, out var host) && host.Equals(commit.Host)))
                twice.Add($"{commit.Shard} moved by {commit.Host} at {commit.At:HH:mm:ss.fff} while assigned to "
                    + $"{string.Join(", ", owners.Select(o => hosts.GetValueOrDefault(o)?.ToString() ?? $"{o}"))}"
                    + (owners.Count == 0 ? "no node" : ""));
        }
        var handovers = commits
            .GroupBy(c => c.Shard)
            .SelectMany(g => g.Zip(g.Skip(1)).Where(p => !p.First.Host.Equals(p.Second.Host))
                .Select(p => $"{g.Key}: {p.First.Host} ({p.First.At:HH:mm:ss.fff}) -> {p.Second.Host} "
                    + $"({p.Second.At:HH:mm:ss.fff})"))
            .ToList();
        return new Findings(shards, twice, handovers);
    }

    /// <summary>The nodes that held the agent at some moment of [from, to].</summary>
    private static List<Guid> Owners(IReadOnlyList<Assignment> history, DateTime from, DateTime to)
    {
        var owners = new HashSet<Guid>();
        Guid? holder = null;
        foreach (var change in history)
        {
            if (change.At > to)
                break;
            if (change.At >= from && holder is { } before)
                owners.Add(before);
            if (change.Op == "assign")
                holder = change.Node;
            else if (holder == change.Node)
                holder = null;
        }
        if (holder is { } last)
            owners.Add(last);
        return [.. owners];
    }

    /// <summary>Wolverine names a projection's agent by a URI that ends in the shard's name and key
    /// (Figures:All is …/figures/all).</summary>
    private static string? AgentOf(string shard, IEnumerable<string> agents)
    {
        var path = "/" + shard.Replace(':', '/').ToLowerInvariant();
        return agents.FirstOrDefault(a => a.ToLowerInvariant().TrimEnd('/').EndsWith(path, StringComparison.Ordinal));
    }
}
