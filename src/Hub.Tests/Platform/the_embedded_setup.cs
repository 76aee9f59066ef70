using System.Net;
using System.Net.Sockets;
using Npgsql;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Platform;

/// <summary>
/// hub.sh as a new user meets it, through its own functions (the script sourced) on a throwaway data folder
/// (HUB_HOME) and ports of the test's own: the user's .hub/ and PostgreSQL are not touched.
/// </summary>
public sealed class the_embedded_setup(the_embedded_setup.DataFolder folder)
    : IClassFixture<the_embedded_setup.DataFolder>
{
    [Fact]
    public async Task a_data_folder_made_on_one_port_starts_on_another()
    {
        var port = Processes.FreePort();

        var started = await folder.HubSh(port, "start_postgres");

        Assert.True(started.Code == 0, started.Output);
        try
        {
            await using var connection = new NpgsqlConnection(
                $"Host=127.0.0.1;Port={port};Database=postgres;Username=postgres;Pooling=false");
            await connection.OpenAsync();
            await using var setting = new NpgsqlCommand("select current_setting('port')", connection);
            Assert.Equal(port.ToString(), await setting.ExecuteScalarAsync());
            Assert.NotEqual(folder.FirstPort, port);
        }
        finally
        {
            await folder.HubSh(port, "stop_postgres");
        }
    }

    [Fact]
    public async Task a_taken_port_is_named_with_what_holds_it_and_what_to_set_instead()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var refused = await folder.HubSh(port, "start_postgres");

        Assert.NotEqual(0, refused.Code);
        Assert.Contains($"Port {port} is taken by", refused.Output);
        Assert.Contains($"(pid {Environment.ProcessId})", refused.Output);
        Assert.Matches(@"HUB_PG_PORT=\d+ \./hub\.sh", refused.Output);
        Assert.DoesNotContain("PostgreSQL started", refused.Output);
    }

    [Fact]
    public async Task a_test_run_stops_the_postgres_it_started_and_leaves_one_that_was_running()
    {
        var port = Processes.FreePort();

        var run = await folder.HubSh(port, "database; stop_what_this_run_started");

        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("PostgreSQL started", run.Output);
        Assert.Contains("PostgreSQL stopped", run.Output);
        Assert.False(await Listening(port), "nothing listens once the run is over");

        // A PostgreSQL already running (./hub.sh run in another terminal) is the user's: it stays.
        Assert.Equal(0, (await folder.HubSh(port, "start_postgres")).Code);
        try
        {
            var second = await folder.HubSh(port, "database; stop_what_this_run_started");

            Assert.True(second.Code == 0, second.Output);
            Assert.Contains("was running before this run and is left running", second.Output);
            Assert.True(await Listening(port), "the PostgreSQL that was running still runs");
        }
        finally
        {
            await folder.HubSh(port, "stop_postgres");
        }
    }

    private static async Task<bool> Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A data folder initialised once for the class (initdb takes a while on a busy machine), on a port
    /// that the tests then change.</summary>
    public sealed class DataFolder : IAsyncLifetime
    {
        private readonly string _home = Path.Combine("/var/tmp", $"onething-hubsh-{Guid.NewGuid():N}");
        public int FirstPort { get; } = Processes.FreePort();

        public async ValueTask InitializeAsync()
        {
            Directory.CreateDirectory(_home);
            var made = await HubSh(FirstPort, "start_postgres && stop_postgres");
            Assert.True(made.Code == 0, made.Output);
        }

        /// <summary>hub.sh's functions in a shell of their own, as `./hub.sh` would run them.</summary>
        public Task<(int Code, string Output)> HubSh(int port, string script) =>
            Processes.HubSh(script, new()
            {
                ["HUB_HOME"] = _home,
                ["HUB_PG_PORT"] = port.ToString(),
                ["HUB_MQ_PORT"] = Processes.FreePort().ToString(),
            });

        public async ValueTask DisposeAsync()
        {
            await HubSh(FirstPort, "stop_postgres");
            // The data folder belongs to the postgres user, under a folder of ours: removed as root.
            Directory.Delete(_home, recursive: true);
        }
    }
}
