using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>The newest catalog edition, as read from the hub: what each service produces, what each form
/// asks.</summary>
public sealed class Catalog
{
    private Dictionary<string, InvolvedService> _services = [];
    public IReadOnlyList<OneThingDefinition> OneThings { get; private set; } = [];

    private Dictionary<string, DataResource> _resources = [];
    private HubClient? _hub;
    private string _key = "";

    public IReadOnlyList<FormField> FormFields(OneThingDefinition thing) =>
        thing.Services.SelectMany(s => s.Guide?.FormFields ?? []).GroupBy(f => f.Code).Select(g => g.First()).ToList();

    public async Task Load(HubClient hub, string key, CancellationToken ct)
    {
        (_hub, _key) = (hub, key);
        await ReadResources(ct);
        var api = hub.As(key);
        var editions = await Records.From<CatalogEditionSummary>(
            await api.Catalog.Editions.GetAsync(cancellationToken: ct));
        var list = await Records.From<OneThingList>(
            await api.Catalog.Editions[editions[0].Edition].OneThings.GetAsync(cancellationToken: ct));
        OneThings = list.OneThings;
        _services = list
            .OneThings.SelectMany(o => o.Services)
            .GroupBy(s => s.Code)
            .ToDictionary(g => g.Key, g => g.First());
    }

    public ServiceResult? ResultOf(string service) => _services.GetValueOrDefault(service)?.Guide?.Result;

    /// <summary>A resource and its record schema; one registered since the start is read from the hub
    /// again.</summary>
    public async Task<DataResource?> Resource(string code, CancellationToken ct)
    {
        if (!_resources.ContainsKey(code) && _hub is not null)
            await ReadResources(ct);
        return _resources.GetValueOrDefault(code);
    }

    private async Task ReadResources(CancellationToken ct) =>
        _resources = (await Records.From<ResourceList>(await _hub!.As(_key).Resources.GetAsync(cancellationToken: ct)))
            .Resources.ToDictionary(r => r.Code);

    /// <summary>
    /// A made-up record for a resource the population keeps no register of (one a test registers while the
    /// simulator runs): every field of the resource, whatever the grant covers (filtering is the hub's job), the
    /// query's keys as given, random values of the types and enums its record schema asks for elsewhere.
    /// </summary>
    public static System.Text.Json.JsonElement SampleRecord(
        DataResource r,
        IReadOnlyDictionary<string, string> query,
        Random random
    )
    {
        var properties = r.RecordSchema.TryGetProperty("properties", out var p) ? p : default;
        var record = new Dictionary<string, object?>(); // values: strings, numbers, booleans or JSON elements
        foreach (var field in r.Fields)
        {
            if (query.TryGetValue(field.Code, out var given))
            {
                record[field.Code] = given;
                continue;
            }
            var schema =
                properties.ValueKind == System.Text.Json.JsonValueKind.Object
                && properties.TryGetProperty(field.Code, out var s)
                    ? s
                    : default;
            if (
                schema.ValueKind == System.Text.Json.JsonValueKind.Object
                && schema.TryGetProperty("enum", out var options)
            )
            {
                var values = options.EnumerateArray().ToList();
                record[field.Code] = values[random.Next(values.Count)].Clone();
                continue;
            }
            var type =
                schema.ValueKind == System.Text.Json.JsonValueKind.Object
                && schema.TryGetProperty("type", out var t)
                && t.ValueKind == System.Text.Json.JsonValueKind.String
                    ? t.GetString()
                    : "string";
            var format =
                schema.ValueKind == System.Text.Json.JsonValueKind.Object && schema.TryGetProperty("format", out var f)
                    ? f.GetString()
                    : null;
            record[field.Code] = type switch
            {
                "integer" => random.Next(1, 100),
                "number" => Math.Round(random.NextDouble() * 1000, 2),
                "boolean" => true,
                _ when format == "date" => DateOnly
                    .FromDateTime(DateTime.Today.AddDays(-random.Next(1, 3000)))
                    .ToString("yyyy-MM-dd"),
                _ when format == "date-time" => DateTimeOffset.UtcNow.ToString("O"),
                _ => "示例" + random.Next(100, 999),
            };
        }
        return System.Text.Json.JsonSerializer.SerializeToElement(record);
    }
}
