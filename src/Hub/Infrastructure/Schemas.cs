using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// The JSON Schemas of <c>schemas/</c>, loaded once. Seeds and published documents are checked against the same
/// schemas that department systems are given, so the two can never disagree.
/// </summary>
public sealed partial class Schemas
{
    private readonly Dictionary<string, JsonSchema> _byName = new(StringComparer.Ordinal);

    public Schemas(string folder)
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        foreach (var file in Directory.EnumerateFiles(folder, "*.schema.json").Order())
            _byName[Path.GetFileName(file)[..^".schema.json".Length]] = JsonSchema.FromFile(file, options);
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>Errors by JSON path of the instance (e.g. <c>oneThings[2].services[0].code</c>); empty when
    /// valid.</summary>
    public Dictionary<string, string[]> Validate(string schema, JsonElement instance)
    {
        var results = _byName[schema].Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.SelectMany(e => Located(d.InstanceLocation.ToString(), e.Key, e.Value)))
            .GroupBy(x => x.Path, x => x.Message)
            .ToDictionary(g => g.Key, g => g.Distinct().ToArray());
    }

    // A missing member is reported on the object that lacks it; a department developer looks for it under the
    // member's own name ("reasons", not "body").
    private static IEnumerable<(string Path, string Message)> Located(string pointer, string keyword, string message)
    {
        if (keyword != "required")
        {
            yield return (FieldPath(pointer), message);
            yield break;
        }
        var names = Quoted().Matches(message).Select(m => m.Groups[1].Value).ToList();
        if (names.Count == 0) yield return (FieldPath(pointer), message);
        foreach (var name in names)
            yield return (FieldPath($"{pointer.TrimEnd('/')}/{name}"), "Required.");
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();

    public Dictionary<string, string[]> Validate<T>(string schema, T value) =>
        Validate(schema, JsonSerializer.SerializeToElement(value, HubJson.Options));

    // "/oneThings/2/services/0/code" reads better to a department developer as "oneThings[2].services[0].code".
    private static string FieldPath(string pointer)
    {
        if (pointer is "" or "/")
            return "body";
        var parts = pointer.TrimStart('/').Split('/');
        var path = "";
        foreach (var part in parts)
            path += int.TryParse(part, out _) ? $"[{part}]" : (path.Length == 0 ? part : "." + part);
        return path.Replace("~1", "/").Replace("~0", "~");
    }
}
