using System.Net;
using System.Net.Sockets;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Delivery;

/// <summary>
/// Which addresses a webhook may reach. A department names its own URL, so without this the hub would call, on a
/// department's behalf, whatever the hub's own network reaches: the cloud's metadata service, the database, other
/// services on private addresses (OWASP ASVS 12.6, SSRF).
/// </summary>
public static class WebhookAddresses
{
    private static readonly (IPNetwork Range, string Name)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        // 169.254.169.254, the cloud metadata service, is in it.
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        // fd00:ec2::254, the AWS metadata service over IPv6, is in it.
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local NAT64"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Why the hub does not call this address, or null when it may. Loopback only where
    /// <paramref name="allowLoopback"/> (the embedded mode: the simulator on the developer's own machine).</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        // An IPv4 address written as IPv6 (::ffff:10.0.0.1, or NAT64's 64:ff9b::10.0.0.1) is that IPv4 address.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
            address = new IPAddress(address.GetAddressBytes()[12..]);
        if (allowLoopback && IPAddress.IsLoopback(address)) return null;
        foreach (var (range, name) in Refused)
            if (range.Contains(address))
                return $"{address} is a {name} address; webhooks go to public addresses only";
        return null;
    }

    /// <summary>
    /// Connects to the host's addresses once each passed <see cref="Refusal"/>, and to those very addresses: the
    /// check and the connection share one resolution, so a name that resolves to a public address when checked and
    /// to a private one when connected (DNS rebinding) cannot slip through. Any refused address of the host refuses
    /// the host: a name that also points inside is not one a department's system needs.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(
        bool allowLoopback) =>
        async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, ct);
            if (addresses.Length == 0) throw new HttpRequestException($"The webhook's host {host} has no address.");
            foreach (var address in addresses)
                if (Refusal(address, allowLoopback) is { } refusal)
                    throw new HttpRequestException($"The webhook's host {host} is refused: {refusal}.");
            SocketException? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e)
                {
                    // The next checked address of the host (localhost is ::1 and 127.0.0.1, say).
                    socket.Dispose();
                    last = e;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            throw new HttpRequestException($"The webhook's host {host} did not answer: {last!.Message}", last);
        };
}

/// <summary>The HTTP client that delivers webhooks: no redirects, checked addresses, bounded time.</summary>
public static class WebhookClient
{
    public const string Name = "webhooks";

    /// <summary>At most this much of an answer is read: a webhook only has to say 2xx.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    public static SocketsHttpHandler Handler(bool allowLoopback) => new()
    {
        // A redirect would take the hub, with the signed work item, to a host nobody checked: a 3xx is a failure.
        AllowAutoRedirect = false,
        ConnectCallback = WebhookAddresses.Connect(allowLoopback),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // Connections are kept, but not for ever: a department's DNS change is seen (and checked) within minutes.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxResponseHeadersLength = 64,   // KiB
        UseProxy = false,
        UseCookies = false,
    };

    public static IServiceCollection AddWebhookClient(this IServiceCollection services, HubOptions hub)
    {
        services.AddHttpClient(Name, c => c.Timeout = hub.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => Handler(hub.AllowLoopbackWebhooks));
        services.AddSingleton(new WebhookLanes(hub.WebhookParallel, hub.WebhookTimeout, TimeProvider.System));
        return services;
    }
}

/// <summary>
/// Each department's share of the delivery queue on this node. The queue delivers 16 messages at once; without
/// shares, a department whose webhook hangs (answers after 30 s, or trickles its answer) would soon hold all 16 for
/// the whole timeout, attempt after attempt, and every other department's work would wait behind it.
/// <list type="bullet">
/// <item>At most <c>parallel</c> attempts per department at once; a message beyond them is sent again a moment later
/// (as long as the department's attempts have been running, at least 0.2 s), and that is not an attempt.</item>
/// <item>A department whose attempt failed slowly (after a second or more: a timeout, an answer that never ended, a
/// connection that never opened) is slow for three timeouts: one attempt at a time probes it, and its other messages
/// fail at once, as attempts, retried and dead-lettered by the delivery policy as for a webhook that is down.</item>
/// </list>
/// </summary>
public sealed class WebhookLanes(int parallel, TimeSpan timeout, TimeProvider clock)
{
    /// <summary>A failure that took this long held a delivery slot that long: the department is slow.</summary>
    public static readonly TimeSpan SlowFailure = TimeSpan.FromSeconds(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lane> _lanes = new();

    private sealed class Lane
    {
        public readonly List<long> Running = [];
        public DateTimeOffset SlowUntil;
        public string? SlowBecause;
    }

    /// <summary>Whether this message may try its department's webhook now: a ticket to give back with
    /// <see cref="Leave"/>; a refusal to record as a failed attempt; or a time to come back.</summary>
    public sealed record Admission(long? Ticket, string? Refusal, TimeSpan? Later);

    public Admission Enter(string department)
    {
        var lane = _lanes.GetOrAdd(department, _ => new Lane());
        var now = clock.GetTimestamp();
        lock (lane)
        {
            if (lane.SlowUntil > clock.GetUtcNow())
            {
                if (lane.Running.Count > 0)
                    return new(null, $"The webhook of {department} is slow ({lane.SlowBecause}); until "
                        + $"{lane.SlowUntil:HH:mm:ss}Z one attempt at a time tries it", null);
            }
            else if (lane.Running.Count >= parallel)
            {
                var running = clock.GetElapsedTime(lane.Running.Min(), now);
                return new(null, null, running < TimeSpan.FromSeconds(0.2) ? TimeSpan.FromSeconds(0.2)
                    : running > timeout ? timeout : running);
            }
            lane.Running.Add(now);
            return new(now, null, null);
        }
    }

    /// <summary>The attempt is over: <paramref name="failure"/> says why it failed, or null when it was
    /// delivered.</summary>
    public void Leave(string department, long ticket, string? failure)
    {
        var lane = _lanes[department];
        var took = clock.GetElapsedTime(ticket);
        lock (lane)
        {
            lane.Running.Remove(ticket);
            if (failure is null)
                lane.SlowUntil = default;
            else if (took >= SlowFailure)
                (lane.SlowUntil, lane.SlowBecause) = (clock.GetUtcNow() + timeout * 3,
                    $"its last attempt failed after {took.TotalSeconds:0.#} s: {failure}");
        }
    }
}
