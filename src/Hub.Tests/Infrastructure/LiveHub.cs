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
    private Process? _hub, _simulator;
    private readonly string _keysFile = Path.Combine(Path.GetTempPath(), $"onething-e2e-keys-{Guid.NewGuid():N}.json");
    public Uri HubUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri SimulatorUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public string ConnectionString { get; private set; } = "";
    public DevKeyFile Keys { get; private set; } = null!;
    public HttpClient Http { get; } = new();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await Database("onething_e2e");
        _hub = Start("Hub", new()
        {
            ["HUB_DATABASE"] = ConnectionString,
            ["ASPNETCORE_URLS"] = HubUrl.ToString(),
            ["HUB_DEV_KEYS_FILE"] = _keysFile,
            ["HUB_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HUB_DELIVERY_RETRIES"] = "0.2,0.4,0.8",
            ["HUB_SCHEDULE_POLL_MS"] = "100",
            ["HUB_EXCHANGE_TIMEOUT_SECONDS"] = "3",
        });
        await WaitFor(new Uri(HubUrl, "/health/ready"), _hub);
        Keys = JsonSerializer.Deserialize<DevKeyFile>(await File.ReadAllTextAsync(_keysFile), HubJson.Options)!;

        _simulator = Start("Simulator", new()
        {
            ["SIM_HUB"] = HubUrl.ToString(),
            ["SIM_SELF"] = SimulatorUrl.ToString(),
            ["SIM_KEYS"] = _keysFile,
            ["SIM_DELAY_MS"] = "20-80",
            ["SIM_SUPPLEMENT_RATE"] = "0",
            ["SIM_REJECT_RATE"] = "0",
            ["SIM_INBOX"] = "tax,water",
        });
        await WaitFor(new Uri(SimulatorUrl, "/health"), _simulator);
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
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(HubUrl, path)) { Content = JsonContent.Create(body, body.GetType(), options: HubJson.Options) };
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
            if (done(value)) return value;
            if (DateTime.UtcNow > until) Assert.Fail($"Not within {within}: {what}. Last: {JsonSerializer.Serialize(value, HubJson.Options)}");
            await Task.Delay(100);
        }
    }

    public async Task<long> Scalar(string sql, params (string, object)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<string> Database(string name)
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("HUB_TEST_DATABASE")
            ?? throw new InvalidOperationException("End-to-end tests need HUB_TEST_DATABASE (./hub.sh test sets it).")) { Database = "postgres" };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand($"select count(*) from pg_database where datname = '{name}'", connection);
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
                await new NpgsqlCommand($"create database {name}", connection).ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("drop schema if exists hub cascade; drop schema if exists wolverine cascade", connection).ExecuteNonQueryAsync();
        }
        return database;
    }

    private static Process Start(string project, Dictionary<string, string> environment)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(Repo.Root(), "src", project, "bin", configuration, "net10.0", $"{project}.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitFor(Uri health, Process process)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                using var response = await Http.GetAsync(health);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"{health} did not become ready (exited: {process.HasExited})");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in new[] { _simulator, _hub })
        {
            if (p is null) continue;
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
        }
        Http.Dispose();
        File.Delete(_keysFile);
    }
}
