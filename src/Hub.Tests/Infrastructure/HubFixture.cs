using System.Text.Json;
using Alba;
using Marten;
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
    public DevKeyFile Keys { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = Environment.GetEnvironmentVariable("HUB_TEST_DATABASE") ?? await StartContainer();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("drop schema if exists hub cascade; drop schema if exists wolverine cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var keysFile = Path.Combine(Path.GetTempPath(), $"onething-test-keys-{Guid.NewGuid():N}.json");
        Environment.SetEnvironmentVariable("HUB_DATABASE", ConnectionString);
        Environment.SetEnvironmentVariable("HUB_DEV_KEYS_FILE", keysFile);
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        Host = await AlbaHost.For<Program>(_ => { });
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
        if (_container is not null) await _container.DisposeAsync();
    }

    public string Department(string code) => Keys.Departments[code];

    /// <summary>Every event in the store: tests that say "nothing stored" compare this before and after.</summary>
    public async Task<long> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
