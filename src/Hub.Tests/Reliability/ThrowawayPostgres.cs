using System.Diagnostics;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in /var/tmp, a free loopback port), so that restarting it under
/// load disturbs no other test. Run as the postgres user when the tests run as root, as hub.sh does.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin,
        _data;
    public int Port { get; } = Processes.FreePort();
    public string Server => $"Host=127.0.0.1;Port={Port};Database=postgres;Username=postgres;Maximum Pool Size=100";

    private ThrowawayPostgres(string bin, string data) => (_bin, _data) = (bin, data);

    public static async Task<ThrowawayPostgres> Start()
    {
        var bin =
            Directory
                .GetDirectories("/usr/lib/postgresql")
                .Select(v => Path.Combine(v, "bin"))
                .FirstOrDefault(b => File.Exists(Path.Combine(b, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL binaries not found (./hub.sh test installs them)");
        var data = Path.Combine("/var/tmp", $"onething-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var server = new ThrowawayPostgres(bin, data);
        if (Environment.UserName == "root")
            await Run("chown", "postgres", data);
        await server.Pg("initdb", "-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync(
            Path.Combine(data, "postgresql.conf"),
            $"listen_addresses = '127.0.0.1'\nport = {server.Port}\nunix_socket_directories = "
            + "'/tmp'\nmax_connections = 200\nfsync = on\n"
        );
        await server.StartServer();
        return server;
    }

    public Task StartServer() =>
        Pg("pg_ctl", "-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "-t", "60", "start");

    /// <summary>Fast shutdown: open transactions are rolled back and every connection is cut, as in a
    /// failover.</summary>
    public Task StopServer() => Pg("pg_ctl", "-D", _data, "-m", "fast", "-w", "stop");

    private Task Pg(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : Run(Path.Combine(_bin, tool), args);

    private static async Task Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {await stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServer();
        }
        catch (InvalidOperationException) { }
        Directory.Delete(_data, recursive: true);
    }
}
