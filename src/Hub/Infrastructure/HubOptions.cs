namespace OneThing.Hub.Infrastructure;

/// <summary>The hub's own settings; environment variables win over appsettings.json.</summary>
public sealed class HubOptions
{
    /// <summary>PostgreSQL connection string (HUB_DATABASE).</summary>
    public required string Database { get; init; }
    public string SeedsFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "seeds");
    public string SchemasFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "schemas");
    /// <summary>When set (hub.sh does in its embedded mode), a key per seeded principal is written there.</summary>
    public string? DevKeysFile { get; init; }

    public static HubOptions From(IConfiguration config) => new()
    {
        Database = config["HUB_DATABASE"] ?? config.GetConnectionString("hub")
            ?? throw new InvalidOperationException("Set HUB_DATABASE to a PostgreSQL connection string (./hub.sh run does it for you)."),
        SeedsFolder = config["HUB_SEEDS"] ?? Path.Combine(AppContext.BaseDirectory, "seeds"),
        SchemasFolder = config["HUB_SCHEMAS"] ?? Path.Combine(AppContext.BaseDirectory, "schemas"),
        DevKeysFile = config["HUB_DEV_KEYS_FILE"],
    };
}
