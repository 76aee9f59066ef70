namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// A RabbitMQ broker of the test's own on a host of a <see cref="Network"/>, run as hub.sh's start_rabbitmq runs
/// its own: Debian's rabbitmq-server as the current user, its files in a folder of its own (/var/tmp). The host is a
/// namespace of its own, so the broker has the standard ports there and meets no other broker.
/// </summary>
public sealed class ThrowawayRabbitMq : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    public const int Port = 5672;
    private readonly Network.Host _host;
    private readonly string _home;

    /// <summary>guest, which RabbitMQ lets in from loopback only unless told otherwise (the nodes are other
    /// hosts).</summary>
    public Uri Uri => new($"amqp://guest:guest@{_host.Address}:{Port}");

    private ThrowawayRabbitMq(Network.Host host, string home) => (_host, _home) = (host, home);

    public static async Task<ThrowawayRabbitMq> Start(Network.Host host)
    {
        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
            throw new InvalidOperationException("RabbitMQ is not installed (./hub.sh test installs it)");
        var home = Path.Combine("/var/tmp", $"onething-mq-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        await File.WriteAllTextAsync(
            Path.Combine(home, "rabbitmq.conf"),
            $"loopback_users.guest = false\nlisteners.tcp.default = {host.Address}:{Port}\n"
        );
        await File.WriteAllTextAsync(Path.Combine(home, "enabled_plugins"), "[].\n");
        var broker = new ThrowawayRabbitMq(host, home);
        try
        {
            await broker.Tool("rabbitmq-server", "-detached");
            await broker.Tool("rabbitmqctl", "-q", "wait", "--timeout", "120", Path.Combine(home, "pid"));
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
        return broker;
    }

    /// <summary>A RabbitMQ tool in the broker's host, where its Erlang port mapper and node are.</summary>
    private Task<string> Tool(string tool, params string[] args) => Tool(true, tool, args);

    private Task<string> Tool(bool check, string tool, params string[] args) =>
        Commands.Run(
            "ip",
            [
                "netns", "exec", _host.Namespace, "env",
                $"HOME={_home}",
                "RABBITMQ_NODENAME=onething@localhost",
                $"RABBITMQ_NODE_PORT={Port}",
                "RABBITMQ_DIST_PORT=25672",
                "ERL_EPMD_ADDRESS=127.0.0.1",
                "ERL_EPMD_PORT=4369",
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
                $"RABBITMQ_MNESIA_BASE={_home}/mnesia",
                $"RABBITMQ_LOG_BASE={_home}/log",
                $"RABBITMQ_CONFIG_FILE={_home}/rabbitmq.conf",
                $"RABBITMQ_ENABLED_PLUGINS_FILE={_home}/enabled_plugins",
                $"RABBITMQ_PID_FILE={_home}/pid",
                $"ERL_CRASH_DUMP={_home}/erl_crash.dump",
                Path.Combine(Bin, tool), .. args,
            ],
            check: check
        );

    /// <summary>The queues and their messages, ready and unacknowledged: for the post-mortem of a failed
    /// run.</summary>
    public Task<string> Queues() =>
        Tool("rabbitmqctl", "-q", "list_queues", "name", "messages_ready", "messages_unacknowledged", "consumers");

    public async ValueTask DisposeAsync()
    {
        await Tool(false, "rabbitmqctl", "-q", "stop");
        // Erlang's port mapper outlives the broker; the network's removal ends whatever else is left in the host.
        var epmd = File.Exists("/usr/lib/erlang/bin/epmd") ? "/usr/lib/erlang/bin/epmd" : "epmd";
        await Commands.Run("ip", ["netns", "exec", _host.Namespace, epmd, "-kill"], check: false);
        Directory.Delete(_home, recursive: true);
    }
}
