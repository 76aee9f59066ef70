using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Infrastructure;
using Testcontainers.PostgreSql;

[assembly: AssemblyFixture(typeof(OneThing.Hub.Tests.Infrastructure.HubFixture))]

namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>
/// One hub for the whole run, on a real PostgreSQL: the one hub.sh starts (HUB_TEST_DATABASE), or, when none is
/// given and Docker is there, a Testcontainers PostgreSQL. The hub's schemas are dropped first, so every run starts
/// from a first start: seeds loaded as events, development keys issued.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    private PostgreSqlContainer? _container;

    public IAlbaHost Host { get; private set; } = null!;
    public TestClock Clock { get; } = new();
    public DevKeyFile Keys { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public string AuditKeyFile { get; private set; } = "";
    public string AuditWitness { get; private set; } = "";
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = Environment.GetEnvironmentVariable("HUB_TEST_DATABASE") ?? await StartContainer();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand(
                "drop schema if exists hub cascade; drop schema if exists wolverine cascade",
                connection
            );
            await drop.ExecuteNonQueryAsync();
        }

        var keysFile = Path.Combine(Path.GetTempPath(), $"onething-test-keys-{Guid.NewGuid():N}.json");
        Environment.SetEnvironmentVariable("HUB_DATABASE", ConnectionString);
        Environment.SetEnvironmentVariable("HUB_DEV_KEYS_FILE", keysFile);
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        Environment.SetEnvironmentVariable(
            "HUB_SECRET_KEY",
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        );
        // The audit key and witness outside the database, new with the database (its schemas were just dropped).
        var audit = Directory.CreateTempSubdirectory("onething-test-audit-").FullName;
        AuditKeyFile = Path.Combine(audit, "audit.key");
        AuditWitness = Path.Combine(audit, "audit-witness.jsonl");
        Environment.SetEnvironmentVariable("HUB_AUDIT_KEY_FILE", AuditKeyFile);
        Environment.SetEnvironmentVariable("HUB_AUDIT_WITNESS", AuditWitness);
        // Webhook retries and scheduled messages at test speed: the same policy, shorter delays.
        Environment.SetEnvironmentVariable("HUB_DELIVERY_RETRIES", "0.2,0.4,0.8");
        Environment.SetEnvironmentVariable("HUB_SCHEDULE_POLL_MS", "100");
        // The simulated department systems (here and in the processes the tests start) listen on loopback http.
        Environment.SetEnvironmentVariable("HUB_ALLOW_LOOPBACK_WEBHOOKS", "true");
        Host = await AlbaHost.For<Program>(web => web.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        Keys = JsonSerializer.Deserialize<DevKeyFile>(await File.ReadAllTextAsync(keysFile), HubJson.Options)!;
        File.Delete(keysFile);
    }

    private async Task<string> StartContainer()
    {
        _container = new PostgreSqlBuilder("postgres:15").Build();
        await _container.StartAsync();
        return _container.GetConnectionString();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_container is not null)
            await _container.DisposeAsync();
    }

    public string Department(string code) => Keys.Departments[code];

    /// <summary>
    /// Every event in the store but the delivery log (messages of earlier tests still being delivered in the
    /// background): tests that say "nothing stored" compare this before and after.
    /// </summary>
    public async Task<long> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session
            .Events.QueryAllRawEvents()
            .Where(e => !e.StreamKey!.StartsWith("delivery/"))
            .LongCountAsync();
    }
}
