extern alias sim;
using System.Text.Json;
using Json.Schema;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Platform;
using sim::OneThing.Simulator;

namespace OneThing.Hub.Tests.Simulator;

/// <summary>The seeds a simulator reads from the hub at start, read here from the repository instead.</summary>
public static class SimulatorSeeds
{
    public static readonly DateOnly Today = new(2026, 6, 15);

    public static Population Population(int seed = 7, int size = 240) =>
        PopulationGenerator.Generate(seed, size, Today);

    private static JsonElement Seed(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root(), "seeds", file))).RootElement;

    public static IReadOnlyDictionary<string, JsonElement> Resources { get; } = Seed("resources.json")
        .GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);

    /// <summary>The licence types as GET /api/licence-types serves them: the members every licence has are not
    /// among a type's fields.</summary>
    public static IReadOnlyDictionary<string, LicenceTypeInfo> LicenceTypes { get; } = Seed("licence-types.json")
        .GetProperty("licenceTypes").EnumerateArray()
        .Select(t => t.Deserialize<LicenceTypeInfo>(HubJson.Options)!)
        .Select(t => t with { Fields = t.Fields.Where(f => !Common.Contains(f.Code)).ToList() })
        .ToDictionary(t => t.Code);

    private static readonly string[] Common =
        ["licence-number", "holder-name", "holder-id", "holder-id-type", "issuing-authority", "issue-date",
            "valid-until", "valid-from"];

    public static JsonElement RecordSchema(string resource) => Resources[resource].GetProperty("recordSchema");

    /// <summary>Where a record breaks its resource's schema, formats (dates) included.</summary>
    public static IReadOnlyList<string> Errors(string resource, JsonElement record)
    {
        var schema = JsonSchema.Build(RecordSchema(resource),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var result = schema.Evaluate(record,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? [] : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Values.Select(v => $"{resource}{d.InstanceLocation}: {v}")).ToList();
    }
}
