using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace OneThing.Hub.Features.Sharing;

/// <summary>The record schemas of the resources, built once each: answers are checked against them.</summary>
public static class RecordSchemas
{
    private static readonly ConcurrentDictionary<string, JsonSchema?> Built = new();

    public static JsonSchema? Build(JsonElement schema)
    {
        try { return JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() }); }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException
            or InvalidOperationException) { return null; }
    }

    public static IReadOnlyList<string> Errors(Resource resource, IReadOnlyList<JsonElement> records) =>
        Check(resource, records).Errors;

    /// <summary>The errors (at most 20) and the number of records that broke the schema.</summary>
    public static (IReadOnlyList<string> Errors, int Invalid) Check(Resource resource,
        IReadOnlyList<JsonElement> records)
    {
        // Each version of a resource's schema is built once.
        var schema = Built.GetOrAdd($"{resource.Code}@{resource.RegisteredAt.Ticks}/v{resource.Version}",
            _ => Build(resource.RecordSchema));
        if (schema is null) return (["The resource's record schema cannot be used."], records.Count);
        var errors = new List<string>();
        var invalid = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var result = schema.Evaluate(records[i], new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid) continue;
            invalid++;
            errors.AddRange((result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Values.Select(v => $"records[{i}]{d.InstanceLocation}: {v}")));
        }
        return (errors.Take(20).ToList(), invalid);
    }
}
