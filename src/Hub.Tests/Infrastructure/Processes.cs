using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>The hub, its nodes and the simulator as real processes on loopback, each on a database of its
/// own.</summary>
public static class Processes
{
    private static readonly string AuditFolder = Directory.CreateTempSubdirectory("onething-audit-").FullName;

    /// <summary>A project's build output as a process; <paramref name="args"/> for one of its commands (the hub's
    /// <c>projections rebuild</c>, say).</summary>
    public static Process Start(string project, Dictionary<string, string> environment, params string[] args) =>
        StartIn(null, project, environment, args);

    /// <summary>As <see cref="Start"/>, in the network namespace <paramref name="netns"/> when given (a host of the
    /// network-fault tests: `ip netns exec` enters it and becomes the process itself).</summary>
    public static Process StartIn(
        string? netns, string project, Dictionary<string, string> environment, params string[] args)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(Repo.Root(), "src", project, "bin", configuration, "net10.0", $"{project}.dll");
        string[] command = netns is null
            ? ["dotnet", "exec", dll, .. args]
            : ["ip", "netns", "exec", netns, "dotnet", "exec", dll, .. args];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        if (project == "Hub" && environment.TryGetValue("HUB_DATABASE", out var database))
        {
            // The nodes on one database share its audit key and witness; a new run (a new database) gets new ones.
            // Set over what this process inherited (the in-process hub's, on another database).
            var audit = Path.Combine(AuditFolder, Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(database)))[..16]);
            foreach (var (name, file) in new[] { ("HUB_AUDIT_KEY_FILE", "audit.key"),
                         ("HUB_AUDIT_WITNESS", "audit-witness.jsonl") })
                if (!environment.ContainsKey(name))
                    start.Environment[name] = Path.Combine(audit, file);
        }
        var process = Process.Start(start)!;
        // Each process's output goes to .hub/logs, for the post-mortem of a failed run.
        var logs = Path.Combine(Repo.Root(), ".hub", "logs");
        Directory.CreateDirectory(logs);
        var log = TextWriter.Synchronized(new StreamWriter(LogOf(project, process.Id)) { AutoFlush = true });
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                log.WriteLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                log.WriteLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// hub.sh as a user runs it (<c>./hub.sh backup DIR</c>) or its functions sourced (<c>source ./hub.sh; ...</c>),
    /// with only the settings given: the test run's own (its database, keys, audit files) are left out.
    /// </summary>
    public static async Task<(int Code, string Output)> HubSh(
        string script,
        Dictionary<string, string> environment,
        TimeSpan? within = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", script.StartsWith("./hub.sh") ? script
            : $"source ./hub.sh; {script}"])
        {
            WorkingDirectory = Repo.Root(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("HUB_")).ToList())
            start.Environment.Remove(name);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish: {await output}{await errors}");
        }
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Where <see cref="Start"/> writes a process's output.</summary>
    public static string LogOf(string project, int pid) =>
        Path.Combine(Repo.Root(), ".hub", "logs", $"{project}-{pid}.log");

    public static async Task WaitFor(HttpClient http, Uri health, Process process, TimeSpan? within = null)
    {
        // Generous: on a machine shared by many builds a first start (schema, seeds) can take minutes.
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(180));
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(health);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"{health} did not become ready (exited: {process.HasExited})");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as when the machine loses power.</summary>
    public static async Task Kill(Process? process)
    {
        if (process is null || process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A database of its own on the test server (or <paramref name="server"/>), emptied of the hub's
    /// schemas.</summary>
    public static async Task<string> Database(string name, string? server = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(
            server
                ?? Environment.GetEnvironmentVariable("HUB_TEST_DATABASE")
                ?? throw new InvalidOperationException(
                    "End-to-end tests need HUB_TEST_DATABASE (./hub.sh test sets it)."
                )
        )
        {
            Database = "postgres",
        };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand(
                $"select count(*) from pg_database where datname = '{name}'",
                connection
            );
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
                await new NpgsqlCommand($"create database {name}", connection).ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = name }.ConnectionString;
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand(
                "drop schema if exists hub cascade; drop schema if exists wolverine cascade",
                connection
            ).ExecuteNonQueryAsync();
        }
        return database;
    }

    /// <summary>One number from the database, for the tests' checks on what was stored.</summary>
    public static async Task<long> Scalar(string connectionString, string sql, params (string, object)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
