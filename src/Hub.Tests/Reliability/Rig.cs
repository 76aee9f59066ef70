using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// Hub nodes and the simulated department systems as real processes on one database, for the fault tests: a node
/// can be killed with SIGKILL and started again on the same port, as a supervisor would restart it. On a
/// <see cref="Network"/>, each node runs on a host of its own and listens on its address; the simulator stays on
/// the root namespace's loopback, forwarded to each node host's.
/// </summary>
public sealed class Rig : IAsyncDisposable
{
    private readonly Process?[] _nodes;
    private Process? _simulator;
    private readonly string _keysFile = Path.Combine(Path.GetTempPath(), $"onething-rig-keys-{Guid.NewGuid():N}.json");
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly Dictionary<string, string> _settings;
    private readonly Network? _network;

    public string ConnectionString { get; }
    public Uri[] NodeUrls { get; }
    public Uri SimulatorUrl { get; } = new($"http://127.0.0.1:{Processes.FreePort()}");
    public DevKeyFile Keys { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The output of every process the rig started, killed ones too: "node 0 (pid 123)" and its file.
    /// </summary>
    public List<(string Name, string File)> Logs { get; } = [];

    /// <summary>The output of every node process started, for the checks that read what the nodes
    /// logged.</summary>
    public IReadOnlyList<string> NodeLogs => Logs.Where(l => l.Name.StartsWith("node ")).Select(l => l.File).ToList();

    private Rig(string connectionString, int nodes, Dictionary<string, string> settings, Network? network)
    {
        ConnectionString = connectionString;
        _nodes = new Process?[nodes];
        NodeUrls = Enumerable
            .Range(0, nodes)
            .Select(i => network is null
                ? new Uri($"http://127.0.0.1:{Processes.FreePort()}")
                : new Uri($"http://{network.Nodes[i].Address}:5080"))
            .ToArray();
        _settings = settings;
        _network = network;
    }

    /// <summary>Starts the nodes one after the other (the first seeds and writes the keys), then the
    /// simulator.</summary>
    public static async Task<Rig> Start(
        string connectionString,
        int nodes = 1,
        Dictionary<string, string>? settings = null,
        Network? network = null
    )
    {
        var rig = new Rig(connectionString, nodes, settings ?? [], network);
        try
        {
            await rig.Started();
        }
        catch
        {
            // What did start is stopped: a failed start leaves no process behind.
            await rig.DisposeAsync();
            throw;
        }
        return rig;
    }

    private async Task Started()
    {
        _network?.ForwardLoopback(SimulatorUrl.Port);
        for (var i = 0; i < _nodes.Length; i++)
            await StartNode(i);
        Keys = JsonSerializer.Deserialize<DevKeyFile>(await File.ReadAllTextAsync(_keysFile), HubJson.Options)!;
        _simulator = Processes.Start(
            "Simulator",
            new()
            {
                ["SIM_HUB"] = string.Join(',', NodeUrls.Select(u => u.ToString())),
                ["SIM_SELF"] = SimulatorUrl.ToString(),
                ["SIM_KEYS"] = _keysFile,
                ["SIM_DELAY_MS"] = "10-50",
                ["SIM_SUPPLEMENT_RATE"] = "0",
                ["SIM_REJECT_RATE"] = "0",
                // A bad rating sends its rectification to the department after the case is done: work the ledger
                // would find pending past its settling. Ratings are tested with the live hub.
                ["SIM_BAD_RATING_RATE"] = "0",
                ["SIM_POPULATION"] = "60", // its licences are pushed before it is ready: a small town starts fast
            }
        );
        Logs.Add(($"simulator (pid {_simulator.Id})", Processes.LogOf("Simulator", _simulator.Id)));
        // Its town's licences are pushed first: on a loaded machine that takes more than a minute.
        await Processes.WaitFor(Http, new Uri(SimulatorUrl, "/health"), _simulator,
            TimeSpan.FromSeconds(180));
    }

    public async Task StartNode(int i)
    {
        var environment = new Dictionary<string, string>
        {
            ["HUB_DATABASE"] = ConnectionString,
            ["ASPNETCORE_URLS"] = NodeUrls[i].ToString(),
            ["HUB_DEV_KEYS_FILE"] = _keysFile,
            ["HUB_SECRET_KEY"] = _secret,
            ["HUB_DELIVERY_RETRIES"] = "0.5,1,2,4,8",
            ["HUB_SCHEDULE_POLL_MS"] = "200",
            ["HUB_EXCHANGE_TIMEOUT_SECONDS"] = "300",
            ["HUB_RATE_LIMIT"] = "100000",
        };
        foreach (var (key, value) in _settings)
            environment[key] = value;
        _nodes[i] = Processes.StartIn(_network?.Nodes[i].Namespace, "Hub", environment);
        Logs.Add(($"node {i} (pid {_nodes[i]!.Id})", Processes.LogOf("Hub", _nodes[i]!.Id)));
        // Generous: on the shared 2-core machine under a load of 50 a node has taken over two minutes to start.
        await Processes.WaitFor(Http, new Uri(NodeUrls[i], "/health/ready"), _nodes[i]!, TimeSpan.FromSeconds(240));
    }

    public Task Kill(int node) => Processes.Kill(_nodes[node]);

    public async Task<T> Get<T>(string key, string path, int node = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(NodeUrls[node], path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(HubJson.Options))!;
    }

    public async Task<Dictionary<string, int>> SimulatorStats() =>
        (await Http.GetFromJsonAsync<Dictionary<string, int>>(new Uri(SimulatorUrl, "/sim/stats")))!;

    public Task<long> Scalar(string sql, params (string, object)[] parameters) =>
        Processes.Scalar(ConnectionString, sql, parameters);

    public async ValueTask DisposeAsync()
    {
        await Processes.Kill(_simulator);
        foreach (var node in _nodes)
            await Processes.Kill(node);
        foreach (var p in _nodes.Append(_simulator))
            p?.Dispose();
        Http.Dispose();
        File.Delete(_keysFile);
    }
}
