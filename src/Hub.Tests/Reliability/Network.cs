using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// Hosts of their own on this one machine, for the network-fault tests: a network namespace per host, each joined
/// by a veth pair to a bridge in the root namespace, on 10.77.N.0/24. The database host (.1) carries PostgreSQL and
/// RabbitMQ, each hub node has a host of its own (.10, .11, …), and the test and the simulator stay in the root
/// namespace (.254), on the clients' and the departments' side. Faults are made as a network makes them: nftables
/// DROP rules on a node's host, and a wire with latency and loss between a node and the database host.
/// </summary>
public sealed class Network : IAsyncDisposable
{
    public sealed record Host(string Namespace, IPAddress Address);

    private const string Prefix = "onf";
    private readonly int _subnet;
    private readonly FileStream _claim;
    private readonly List<Forwarder> _forwarders = [];
    private readonly ConcurrentDictionary<int, Wire> _wires = [];

    public Host Database { get; }
    public Host[] Nodes { get; }

    private Network(int subnet, FileStream claim, int nodes)
    {
        (_subnet, _claim) = (subnet, claim);
        Database = new Host($"{Prefix}{subnet}-db", Address(1));
        Nodes = Enumerable.Range(0, nodes).Select(i => new Host($"{Prefix}{subnet}-n{i}", Address(10 + i))).ToArray();
    }

    private IPAddress Address(int host) => IPAddress.Parse($"10.77.{_subnet}.{host}");
    private string Bridge => $"{Prefix}{_subnet}-br";
    private IEnumerable<Host> Hosts => Nodes.Prepend(Database);

    /// <summary>Builds the hosts, after removing what a crashed earlier run on the same subnet left.</summary>
    public static async Task<Network> Create(int nodes)
    {
        var (subnet, claim) = Claim();
        await Remove(subnet);
        var network = new Network(subnet, claim, nodes);
        try
        {
            await Ip("link", "add", network.Bridge, "type", "bridge");
            await Ip("addr", "add", $"{network.Address(254)}/24", "dev", network.Bridge);
            await Ip("link", "set", network.Bridge, "up");
            foreach (var host in network.Hosts)
            {
                // The root end of the pair is named after the host; the host's own end is its eth0.
                await Ip("netns", "add", host.Namespace);
                await Ip("link", "add", host.Namespace, "type", "veth", "peer", "name", "eth0", "netns",
                    host.Namespace);
                await Ip("link", "set", host.Namespace, "master", network.Bridge, "up");
                await Ip("-n", host.Namespace, "addr", "add", $"{host.Address}/24", "dev", "eth0");
                await Ip("-n", host.Namespace, "link", "set", "eth0", "up");
                await Ip("-n", host.Namespace, "link", "set", "lo", "up");
            }
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
        return network;
    }

    /// <summary>
    /// A subnet no other run on this machine uses at the same time: the first free of 240, starting from one picked by
    /// this checkout's folder, held by an exclusive lock on a file (.NET takes an flock for FileShare.None) that goes
    /// with this process. Whatever carries that subnet's name while its lock is free was left by a run that died.
    /// </summary>
    private static (int, FileStream) Claim()
    {
        var start = BitConverter.ToUInt16(SHA256.HashData(Encoding.UTF8.GetBytes(Repo.Root())));
        for (var i = 0; i < 240; i++)
        {
            var subnet = 10 + (start + i) % 240;
            try
            {
                return (subnet, new FileStream($"/var/tmp/onething-netfaults-{subnet}.lock", FileMode.OpenOrCreate,
                    FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) { }
        }
        throw new InvalidOperationException("No free subnet of 10.77.0.0/16 for the network-fault tests");
    }

    /// <summary>Ends the processes still in the subnet's namespaces (they were started in them by this test, by a
    /// run of it that died), then removes the namespaces and the bridge; their veth pairs go with them.</summary>
    private static async Task Remove(int subnet)
    {
        var names = (await Ip("netns", "list"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith($"{Prefix}{subnet}-", StringComparison.Ordinal));
        foreach (var name in names)
        {
            var pids = await Commands.Run("ip", ["netns", "pids", name], check: false);
            foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    await process.WaitForExitAsync();
                }
                catch (ArgumentException) { } // gone meanwhile
            }
            await Commands.Run("ip", ["netns", "del", name], check: false);
        }
        await Commands.Run("ip", ["link", "del", $"{Prefix}{subnet}-br"], check: false);
    }

    /// <summary>Cuts a node off from the database host on these ports, both ways: its packets to them and theirs
    /// to it are dropped, without a reset, as by a firewall or a broken link; open connections hang.</summary>
    public Task Cut(int node, params int[] ports)
    {
        var list = string.Join(", ", ports);
        return Nft(Nodes[node], $$"""
            table inet fault {
              chain out {
                type filter hook output priority 0; ip daddr {{Database.Address}} tcp dport { {{list}} } drop;
              }
              chain in {
                type filter hook input priority 0; ip saddr {{Database.Address}} tcp sport { {{list}} } drop;
              }
            }
            """);
    }

    public async Task Heal(int node) =>
        await Commands.Run("ip", ["netns", "exec", Nodes[node].Namespace, "nft", "delete", "table", "inet", "fault"],
            check: false);

    private static async Task Nft(Host host, string rules)
    {
        if (!File.Exists("/usr/sbin/nft"))
            throw new InvalidOperationException("nft is missing: ./hub.sh test installs Debian's nftables");
        await Commands.Run("ip", ["netns", "exec", host.Namespace, "nft", "-f", "-"], rules);
    }

    /// <summary>
    /// Sends what a node and the database host say to each other over a wire that holds each packet for
    /// <paramref name="delay"/> and drops <paramref name="loss"/> of them, each way: netem's delay and loss. This
    /// machine's kernel has no netem (CONFIG_NET_SCH_NETEM is off and it loads no modules), so the wire is a tun
    /// device at each end, with this process carrying the packets between them.
    /// </summary>
    public async Task Degrade(int node, TimeSpan delay, double loss)
    {
        var (host, db) = (Nodes[node], Database);
        var wire = new Wire(
            InNamespace(host.Namespace, () => Wire.Open("wire")),
            InNamespace(db.Namespace, () => Wire.Open($"wire-n{node}")),
            delay,
            loss);
        _wires[node] = wire;
        await Ip("-n", host.Namespace, "link", "set", "wire", "up");
        await Ip("-n", db.Namespace, "link", "set", $"wire-n{node}", "up");
        // More specific than the subnet on eth0: packets between these two hosts take the wire, others do not, and
        // open connections move to it (same addresses).
        await Ip("-n", db.Namespace, "route", "add", $"{host.Address}/32", "dev", $"wire-n{node}", "src",
            db.Address.ToString());
        await Ip("-n", host.Namespace, "route", "add", $"{db.Address}/32", "dev", "wire", "src",
            host.Address.ToString());
    }

    /// <summary>Takes the wire away: the two hosts talk over the bridge again, open connections included.</summary>
    public async Task Restore(int node)
    {
        if (!_wires.TryRemove(node, out var wire))
            return;
        await Commands.Run("ip", ["-n", Nodes[node].Namespace, "route", "del", $"{Database.Address}/32"],
            check: false);
        await Commands.Run("ip", ["-n", Database.Namespace, "route", "del", $"{Nodes[node].Address}/32"],
            check: false);
        wire.Dispose();
    }

    public (long Carried, long Dropped) WireFigures(int node) =>
        _wires.TryGetValue(node, out var wire) ? (wire.Carried, wire.Dropped) : (0, 0);

    /// <summary>
    /// Makes a port on the root namespace's loopback (the simulator's) reachable on each node host's loopback: the
    /// hub calls the department systems' webhooks on 127.0.0.1, the one plain-http address it may call (embedded
    /// mode), and a host's loopback is its own. A socket made in a namespace stays in it.
    /// </summary>
    public void ForwardLoopback(int port)
    {
        foreach (var node in Nodes)
            _forwarders.Add(new Forwarder(InNamespace(node.Namespace, () =>
            {
                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
                listener.Listen(64);
                return listener;
            }), port));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _wires.Keys)
            await Restore(node);
        foreach (var forwarder in _forwarders)
            forwarder.Dispose();
        await Remove(_subnet);
        _claim.Dispose();
    }

    private static Task<string> Ip(params string[] args) => Commands.Run("ip", args);

    /// <summary>Runs <paramref name="action"/> on a thread of its own that has entered the host's network namespace
    /// (setns affects only the calling thread), so the sockets and devices it makes belong to that host.</summary>
    private static T InNamespace<T>(string name, Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            var fd = Native.open($"/var/run/netns/{name}", Native.ReadOnly);
            try
            {
                if (fd < 0 || Native.setns(fd, Native.CloneNewNet) != 0)
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"entering the namespace {name}");
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                if (fd >= 0)
                    Native.close(fd);
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new InvalidOperationException(failure.Message, failure);
    }

    /// <summary>Accepts on a host's loopback and carries each connection to the same port on the root
    /// namespace's.</summary>
    private sealed class Forwarder : IDisposable
    {
        private readonly Socket _listener;
        private readonly int _port;
        private readonly CancellationTokenSource _stop = new();

        public Forwarder(Socket listener, int port)
        {
            (_listener, _port) = (listener, port);
            _ = Accept();
        }

        private async Task Accept()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket inside;
                try
                {
                    inside = await _listener.AcceptAsync(_stop.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    return;
                }
                _ = Carry(inside);
            }
        }

        private async Task Carry(Socket inside)
        {
            // Made on a thread pool thread, which never entered a namespace: this end is in the root namespace.
            using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await outside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port), _stop.Token);
                await using var a = new NetworkStream(inside, ownsSocket: true);
                await using var b = new NetworkStream(outside, ownsSocket: false);
                // Either side closing ends the connection (HTTP does not half-close).
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException) { }
            finally
            {
                inside.Dispose();
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
        }
    }

    /// <summary>Two tun devices and the packets between them: what one end's host sends comes out of the other end
    /// <c>delay</c> later, unless it is one of the <c>loss</c> share dropped.</summary>
    private sealed class Wire : IDisposable
    {
        private readonly int _a, _b;
        private readonly long _delay;
        private readonly double _loss;
        private readonly Thread[] _threads;
        private volatile bool _stopped;
        private long _carried, _dropped;

        public long Carried => Interlocked.Read(ref _carried);
        public long Dropped => Interlocked.Read(ref _dropped);

        public Wire(int a, int b, TimeSpan delay, double loss)
        {
            (_a, _b, _loss) = (a, b, loss);
            _delay = (long)(delay.TotalSeconds * Stopwatch.Frequency);
            _threads = [.. Direction(a, b), .. Direction(b, a)];
            foreach (var thread in _threads)
                thread.Start();
        }

        /// <summary>A tun device of this name in the calling thread's namespace, bare IP packets (no header).</summary>
        public static int Open(string name)
        {
            var fd = Native.open("/dev/net/tun", Native.ReadWrite);
            if (fd < 0)
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "opening /dev/net/tun");
            var request = new byte[40]; // struct ifreq: the name, then the flags
            Encoding.ASCII.GetBytes(name, request);
            BitConverter.TryWriteBytes(request.AsSpan(16), (short)(Native.IffTun | Native.IffNoPi));
            if (Native.ioctl(fd, Native.TunSetIff, request) < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                Native.close(fd);
                throw new Win32Exception(error, $"creating the tun device {name}");
            }
            return fd;
        }

        private Thread[] Direction(int from, int to)
        {
            var queue = new BlockingCollection<(long Due, byte[] Packet)>();
            var reader = new Thread(() =>
            {
                var buffer = new byte[65536];
                var poll = new Native.PollFd { Fd = from, Events = Native.PollIn };
                while (!_stopped)
                {
                    if (Native.poll(ref poll, 1, 100) <= 0)
                        continue;
                    var n = (int)Native.read(from, buffer, buffer.Length);
                    if (n <= 0)
                        continue;
                    if (Random.Shared.NextDouble() < _loss)
                    {
                        Interlocked.Increment(ref _dropped);
                        continue;
                    }
                    queue.Add((Stopwatch.GetTimestamp() + _delay, buffer[..n]));
                }
                queue.CompleteAdding();
            }) { IsBackground = true, Name = "wire reader" };
            var writer = new Thread(() =>
            {
                // One delay for every packet: the queue is in the order they are due, as on a cable.
                foreach (var (due, packet) in queue.GetConsumingEnumerable())
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                        Thread.Sleep(wait);
                    if (_stopped)
                        break;
                    Native.write(to, packet, packet.Length);
                    Interlocked.Increment(ref _carried);
                }
            }) { IsBackground = true, Name = "wire writer" };
            return [reader, writer];
        }

        public void Dispose()
        {
            _stopped = true;
            foreach (var thread in _threads)
                thread.Join();
            // Closing the last descriptor of a tun device removes the device.
            Native.close(_a);
            Native.close(_b);
        }
    }

    private static class Native
    {
        public const int ReadOnly = 0, ReadWrite = 2, CloneNewNet = 0x40000000;
        public const short IffTun = 0x0001, IffNoPi = 0x1000, PollIn = 0x0001;
        public const nuint TunSetIff = 0x400454ca; // _IOW('T', 202, int)

        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int setns(int fd, int type);

        [DllImport("libc", SetLastError = true)]
        public static extern int ioctl(int fd, nuint request, byte[] argument);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll(ref PollFd fds, nuint count, int timeout);

        [DllImport("libc", SetLastError = true)]
        public static extern nint read(int fd, byte[] buffer, nint count);

        [DllImport("libc", SetLastError = true)]
        public static extern nint write(int fd, byte[] buffer, nint count);
    }
}
