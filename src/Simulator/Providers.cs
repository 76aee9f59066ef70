using System.Text.Json;

namespace OneThing.Simulator;

/// <summary>What a provider department's system answers to a query, through the hub or called directly: its
/// register's records (<see cref="Registers"/>), shaped by the resource's record schema as the hub serves
/// it.</summary>
public sealed class Providers(Registers registers, Catalog catalog)
{
    public async Task<IReadOnlyList<JsonElement>> Answer(
        string resource,
        IReadOnlyDictionary<string, string> query,
        CancellationToken ct
    )
    {
        var known = await catalog.Resource(resource, ct);
        if (registers.Find(resource, query, known?.RecordSchema) is { } records)
            return records;
        // No register of this resource in the population: the one place a random record stands in.
        return known is null ? [] : [Catalog.SampleRecord(known, query, Random.Shared)];
    }
}
