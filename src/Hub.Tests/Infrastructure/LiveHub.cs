using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class LiveHubCollection : ICollectionFixture<LiveHub>
{
    public const string Name = "live hub";
}

/// <summary>
/// The hub and the department-system simulator as real processes on loopback ports, on a database of their own
/// (onething_e2e): everything between them, and between the test and them, is real HTTP.
/// </summary>
public sealed class LiveHub : IAsyncLifetime
{
    private Process? _hub,
        _simulator;
    private readonly string _keysFile = Path.Combine(Path.GetTempPath(), $"onething-e2e-keys-{Guid.NewGuid():N}.json");
    public Uri HubUrl { get; } = new($"http://127.0.0.1:{Processes.FreePort()}");
    public Uri SimulatorUrl { get; } = new($"http://127.0.0.1:{Processes.FreePort()}");
    public string ConnectionString { get; private set; } = "";
    public DevKeyFile Keys { get; private set; } = null!;
    public HttpClient Http { get; } = new();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await Processes.Database("onething_e2e");
        _hub = Processes.Start(
            "Hub",
            new()
            {
                ["HUB_DATABASE"] = ConnectionString,
                ["ASPNETCORE_URLS"] = HubUrl.ToString(),
                ["HUB_DEV_KEYS_FILE"] = _keysFile,
                ["HUB_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["HUB_DELIVERY_RETRIES"] = "0.2,0.4,0.8",
                ["HUB_SCHEDULE_POLL_MS"] = "100",
                ["HUB_EXCHANGE_TIMEOUT_SECONDS"] = "3",
            }
        );
        // A first start on a new database (schema, seeds) took 34 s alone on a 2-core machine busy with other builds;
        // the simulator, pushing its licences, as long again.
        await Processes.WaitFor(Http, new Uri(HubUrl, "/health/ready"), _hub, TimeSpan.FromSeconds(120));
        Keys = JsonSerializer.Deserialize<DevKeyFile>(await File.ReadAllTextAsync(_keysFile), HubJson.Options)!;

        _simulator = Processes.Start(
            "Simulator",
            new()
            {
                ["SIM_HUB"] = HubUrl.ToString(),
                ["SIM_SELF"] = SimulatorUrl.ToString(),
                ["SIM_KEYS"] = _keysFile,
                ["SIM_DELAY_MS"] = "20-80",
                ["SIM_SUPPLEMENT_RATE"] = "0",
                ["SIM_REJECT_RATE"] = "0",
                // Ratings: good unless a test asks for a 差评; a 差评 is replied to and followed up as resolved.
                ["SIM_BAD_RATING_RATE"] = "0",
                ["SIM_APPEAL_RATE"] = "0",
                ["SIM_FOLLOW_UP_RESOLVED_RATE"] = "1",
                ["SIM_INBOX"] = "tax,water",
                ["SIM_POPULATION"] = "60", // its licences are pushed before it is ready: a small town starts fast
            }
        );
        await Processes.WaitFor(Http, new Uri(SimulatorUrl, "/health"), _simulator, TimeSpan.FromSeconds(120));
    }

    public async Task<T> Get<T>(string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(HubUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(HubJson.Options))!;
    }

    public async Task<HttpResponseMessage> Post(string key, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(HubUrl, path))
        {
            Content = JsonContent.Create(body, body.GetType(), options: HubJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await Http.SendAsync(request);
    }

    /// <summary>Polls until <paramref name="done"/> holds, or fails after <paramref name="within"/>.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, string what)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > until)
                Assert.Fail($"Not within {within}: {what}. Last: {JsonSerializer.Serialize(value, HubJson.Options)}");
            await Task.Delay(100);
        }
    }

    public Task<long> Scalar(string sql, params (string, object)[] parameters) =>
        Processes.Scalar(ConnectionString, sql, parameters);

    public async ValueTask DisposeAsync()
    {
        foreach (var p in new[] { _simulator, _hub })
        {
            if (p is null)
                continue;
            if (!p.HasExited)
                p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
        }
        Http.Dispose();
        File.Delete(_keysFile);
    }
}
