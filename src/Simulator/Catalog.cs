using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>The newest catalog edition, as read from the hub: what each service produces, what each form asks.</summary>
public sealed class Catalog
{
    private Dictionary<string, InvolvedService> _services = [];
    public IReadOnlyList<OneThingDefinition> OneThings { get; private set; } = [];

    public async Task Load(HubClient hub, string key, CancellationToken ct)
    {
        var editions = await hub.Get<List<CatalogEditionSummary>>(key, "/api/catalog/editions", ct);
        var list = await hub.Get<OneThingList>(key, $"/api/catalog/editions/{editions[0].Edition}/one-things", ct);
        OneThings = list.OneThings;
        _services = list.OneThings.SelectMany(o => o.Services).GroupBy(s => s.Code).ToDictionary(g => g.Key, g => g.First());
    }

    public ServiceResult? ResultOf(string service) => _services.GetValueOrDefault(service)?.Guide?.Result;
}
