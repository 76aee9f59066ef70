using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in /var/tmp, a free loopback port), so that restarting it under
/// load disturbs no other test. Run as the postgres user when the tests run as root, as hub.sh does. Given a host of
/// a <see cref="Network"/>, it runs in that host's namespace and listens on its address, open to the subnet.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin,
        _data,
        _log;
    private readonly Network.Host? _host;
    public int Port { get; } = Processes.FreePort();
    public string Address => _host?.Address.ToString() ?? "127.0.0.1";
    public string Server => $"Host={Address};Port={Port};Database=postgres;Username=postgres;Maximum Pool Size=100";

    private ThrowawayPostgres(string bin, string data, string log, Network.Host? host) =>
        (_bin, _data, _log, _host) = (bin, data, log, host);

    public static Task<ThrowawayPostgres> Start(Network.Host host) => Start(null, "", host);

    /// <summary>A new cluster; under <paramref name="parent"/> (a small file system, say) with
    /// <paramref name="settings"/> added to its postgresql.conf. Its log is kept outside the cluster's folder then,
    /// so that it can still be written when the cluster's disk is full.</summary>
    public static async Task<ThrowawayPostgres> Start(
        string? parent = null, string settings = "", Network.Host? host = null)
    {
        var bin =
            Directory
                .GetDirectories("/usr/lib/postgresql")
                .Select(v => Path.Combine(v, "bin"))
                .FirstOrDefault(b => File.Exists(Path.Combine(b, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL binaries not found (./hub.sh test installs them)");
        var name = $"onething-pg-{Guid.NewGuid():N}";
        var data = Path.Combine(parent ?? "/var/tmp", name);
        Directory.CreateDirectory(data);
        var log = parent is null ? Path.Combine(data, "server.log") : Path.Combine("/var/tmp", $"{name}.log");
        var server = new ThrowawayPostgres(bin, data, log, host);
        if (Environment.UserName == "root")
            await Run("chown", "postgres", data);
        await server.Pg("initdb", "-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync(
            Path.Combine(data, "postgresql.conf"),
            $"listen_addresses = '{server.Address}'\nport = {server.Port}\nunix_socket_directories = "
            + $"'/tmp'\nmax_connections = 200\nfsync = on\n{settings}\n"
        );
        if (host is not null)
            await File.AppendAllTextAsync(
                Path.Combine(data, "pg_hba.conf"),
                $"host all all {host.Address}/24 trust\n"
            );
        await server.StartServer();
        return server;
    }

    public Task StartServer() =>
        Pg("pg_ctl", "-D", _data, "-l", _log, "-w", "-t", "60", "start");

    /// <summary>Fast shutdown: open transactions are rolled back and every connection is cut, as in a
    /// failover.</summary>
    public Task StopServer() => Pg("pg_ctl", "-D", _data, "-m", "fast", "-w", "stop");

    private Task Pg(string tool, params string[] args)
    {
        string[] command = Environment.UserName == "root"
            ? ["runuser", "-u", "postgres", "--", Path.Combine(_bin, tool), .. args]
            : [Path.Combine(_bin, tool), .. args];
        // The server inherits the namespace of what starts it.
        if (_host is not null)
            command = ["ip", "netns", "exec", _host.Namespace, .. command];
        return Commands.Run(command[0], command[1..]);
    }

    internal static Task Run(string file, params string[] args) => Commands.Run(file, args);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServer();
        }
        catch (InvalidOperationException) { }
        Directory.Delete(_data, recursive: true);
        if (!_log.StartsWith(_data))
            File.Delete(_log);
    }
}
