using System.Text;
using System.Text.Json.Nodes;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>One bad request body: what kind of bad, which mutation, and the bytes as they go on the wire.</summary>
public sealed record BadBody(string Category, string Mutation, byte[] Bytes);

/// <summary>
/// Builds a sample body for a request schema (the JSON Schemas under schemas/, else the OpenAPI component), then
/// breaks it every way a client can: malformed JSON, wrong types, missing and unknown members, huge strings and
/// bodies, unicode edge cases and invalid UTF-8. The sample's values refer to nothing that exists (unknown codes,
/// fresh GUIDs, an ftp URL), so that even a mutation the hub rightly accepts as JSON is refused by validation.
/// </summary>
public sealed class BadBodies(Func<string, JsonNode?> resolve)
{
    private const string Raw = "RAW-BYTES-GO-HERE-7f3a";
    private static readonly string Huge = new('x', 100 * 1024);

    public JsonNode? Sample(JsonNode? schema, int depth = 0)
    {
        if (schema is not JsonObject s || depth > 6)
            return JsonValue.Create("x");
        if (s["$ref"] is { } reference)
            return Sample(resolve(reference.GetValue<string>()), depth + 1);
        if (s["const"] is { } constant)
            return constant.DeepClone();
        if (s["enum"] is JsonArray options)
            return options[0]?.DeepClone();
        if ((s["oneOf"] ?? s["anyOf"]) is JsonArray choices)
            return Sample(choices.FirstOrDefault(c => c?["type"]?.ToString() != "null"), depth + 1);
        var type = s["type"] is JsonArray types
            ? types.Select(t => t!.ToString()).First(t => t != "null")
            : s["type"]?.ToString();
        if (type is null && s["properties"] is not null)
            type = "object";
        switch (type)
        {
            case "object":
                var o = new JsonObject();
                foreach (var (name, p) in s["properties"] as JsonObject ?? [])
                    o[name] = Sample(p, depth + 1);
                if (o.Count == 0 && s["additionalProperties"] is JsonObject extra)
                    o["key"] = Sample(extra, depth + 1);
                return o;
            case "array":
                var count = Math.Max(1, (int?)s["minItems"] ?? 1);
                return new JsonArray(Enumerable.Range(0, count).Select(_ => Sample(s["items"], depth + 1)).ToArray());
            case "integer" or "number":
                return JsonValue.Create((int?)s["minimum"] ?? 1);
            case "boolean":
                return JsonValue.Create(true);
            case "string":
                return JsonValue.Create(
                    s["format"]?.ToString() switch
                    {
                        "uuid" => Guid.NewGuid().ToString(),
                        "date-time" => "2031-01-02T03:04:05+08:00",
                        "date" => "2031-01-02",
                        "uri" => "ftp://bad-input.invalid/",
                        _ => new string('x', Math.Max(1, (int?)s["minLength"] ?? 1)),
                    }
                );
            default:
                return new JsonObject();
        }
    }

    public static IEnumerable<BadBody> Malformed(string sample)
    {
        var deepArray = new string('[', 10_000) + new string(']', 10_000);
        var deepObject = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
        var bodies = new (string, string)[]
        {
            ("empty", ""),
            ("whitespace", "  \n\t "),
            ("open brace", "{"),
            ("close brace", "}"),
            ("null", "null"),
            ("array", "[]"),
            ("array of objects", "[{}]"),
            ("array of the sample", $"[{sample}]"),
            ("number", "0"),
            ("negative number", "-1"),
            ("huge number", "1e400"),
            ("string", "\"text\""),
            ("true", "true"),
            ("truncated", sample[..(sample.Length / 2)]),
            ("trailing garbage", sample + "garbage"),
            ("two objects", sample + sample),
            ("single quotes", "{'a':'b'}"),
            ("unquoted names", "{a:1}"),
            ("trailing comma", sample.TrimEnd('}') + ",}"),
            ("comment", "/* c */" + sample),
            ("NaN", "{\"a\":NaN}"),
            ("deep arrays 10k", deepArray),
            ("deep objects 10k", deepObject),
            ("lone surrogate body", "\"\\ud800\""),
            ("xml", "<a>1</a>"),
            ("form", "a=1&b=2"),
        };
        foreach (var (name, text) in bodies)
            yield return new("malformed JSON", name, Encoding.UTF8.GetBytes(text));
        yield return new("malformed JSON", "UTF-16 body", Encoding.Unicode.GetBytes(sample));
        yield return new(
            "malformed JSON",
            "BOM, then an unknown member",
            [.. Encoding.UTF8.GetPreamble(), .. "{\"unexpected\":1}"u8]
        );
        yield return new(
            "huge bodies",
            "just over 1 MiB of whitespace",
            Encoding.UTF8.GetBytes(sample + new string(' ', 1 << 20))
        );
        yield return new(
            "huge bodies",
            "1 MiB string member",
            Encoding.UTF8.GetBytes($"{{\"a\":\"{new string('x', (1 << 20) + 10)}\"}}")
        );
        yield return new(
            "huge bodies",
            "100k-element array",
            Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat("1", 100_000)) + "]")
        );
    }

    /// <summary>Every member at every depth: wrong types, dropped when required, unknown siblings, huge and odd
    /// strings.</summary>
    public IEnumerable<BadBody> PerMember(JsonNode sample, JsonNode? schema)
    {
        yield return Mutate(
            sample,
            "unknown members",
            "unknown top-level member",
            root => root.AsObject()["unexpected"] = 1
        );
        foreach (var (path, node, required, nullable, open) in Members(sample, schema, ""))
        {
            foreach (var (label, value) in WrongTypes(node))
                yield return Mutate(sample, "wrong types", $"{path} = {label}", root => Set(root, path, value()));
            if (!nullable)
                yield return Mutate(sample, "wrong types", $"{path} = null", root => Set(root, path, null));
            if (required)
                yield return Mutate(sample, "missing members", $"without {path}", root => Remove(root, path));
            if (node is JsonObject && !open)
                yield return Mutate(
                    sample,
                    "unknown members",
                    $"unknown member in {path}",
                    root => Get(root, path)!.AsObject()["unexpected"] = "x"
                );
            if (node?.GetValueKind() != System.Text.Json.JsonValueKind.String)
                continue;
            yield return Mutate(sample, "huge strings", $"{path} = 100 KB", root => Set(root, path, Huge));
            foreach (var (label, text) in Unstorable)
                yield return Mutate(sample, "unicode", $"{path} = {label}", root => Set(root, path, "a" + text + "b"));
            // Text the hub may rightly keep: refused here only for the unknown member beside it, so that what is
            // tried is that reading it is safe, and a sample that happens to be valid stores nothing.
            foreach (var (label, text) in Storable)
                yield return Mutate(
                    sample,
                    "unicode",
                    $"{path} = {label}, and an unknown member",
                    root =>
                    {
                        Set(root, path, "a" + text + "b");
                        root.AsObject()["unexpected"] = text;
                    }
                );
            foreach (var (label, bytes) in InvalidUtf8)
            {
                var clone = sample.DeepClone();
                Set(clone, path, Raw);
                var parts = clone.ToJsonString().Split(Raw);
                yield return new(
                    "invalid UTF-8",
                    $"{path} = {label}",
                    [.. Encoding.UTF8.GetBytes(parts[0]), .. bytes, .. Encoding.UTF8.GetBytes(parts[1])]
                );
            }
        }
    }

    // PostgreSQL cannot keep NUL in text or jsonb, so no member may hold one.
    private static readonly (string, string)[] Unstorable = [("NUL", "\0"), ("NULs", "\0\0x\0")];

    private static readonly (string, string)[] Storable =
    [
        ("control characters", "\u0001\u001f\u007f"),
        ("RTL override", "\u202Eevil\u202C"),
        ("combining marks", "e" + new string('\u0301', 500)),
        ("emoji ZWJ", "👨‍👩‍👧‍👦"),
        ("zero-width and BOM", "\u200B\uFEFF"),
        ("noncharacter", "\uFFFF"),
        ("CJK", "一件事一次办"),
        ("U+2028", "\u2028\u2029"),
    ];

    private static readonly (string, byte[])[] InvalidUtf8 =
    [
        ("overlong slash", [0xC0, 0xAF]),
        ("0xFF", [0xFF]),
        ("encoded surrogate", [0xED, 0xA0, 0x80]),
        ("truncated sequence", [0xE2, 0x82]),
        ("lone surrogate escape", "\\ud800"u8.ToArray()),
        ("lone low surrogate escape", "\\udc00"u8.ToArray()),
        ("NUL escape", "\\u0000"u8.ToArray()),
    ];

    private static IEnumerable<(string, Func<JsonNode?>)> WrongTypes(JsonNode? node)
    {
        var kind = node?.GetValueKind();
        if (kind != System.Text.Json.JsonValueKind.String)
            yield return ("string", () => "12");
        if (kind != System.Text.Json.JsonValueKind.Number)
            yield return ("number", () => 12345);
        if (kind == System.Text.Json.JsonValueKind.Number)
            yield return ("huge number", () => JsonNode.Parse("1e400"));
        if (kind == System.Text.Json.JsonValueKind.Number)
            yield return ("fraction", () => 1.5);
        if (kind is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            yield return ("boolean", () => true);
        if (kind != System.Text.Json.JsonValueKind.Object)
            yield return ("object", () => new JsonObject());
        if (kind != System.Text.Json.JsonValueKind.Array)
            yield return ("array", () => new JsonArray(1, "x"));
    }

    private IEnumerable<(string Path, JsonNode? Node, bool Required, bool Nullable, bool Open)> Members(
        JsonNode? node,
        JsonNode? schema,
        string prefix
    )
    {
        schema = Deref(schema);
        if (node is not JsonObject o)
            yield break;
        var required = (schema?["required"] as JsonArray)?.Select(r => r!.ToString()).ToHashSet() ?? [];
        foreach (var (name, child) in o.ToList())
        {
            var childSchema = Deref(schema?["properties"]?[name]);
            // Null in an optional member is the same as leaving it out.
            var nullable =
                !required.Contains(name)
                || childSchema?["type"] is JsonArray t && t.Any(x => x?.ToString() == "null")
                || childSchema?["oneOf"] is JsonArray c && c.Any(x => x?["type"]?.ToString() == "null");
            var path = prefix + name;
            // A map (additionalProperties with a schema) takes any member name.
            yield return (
                path,
                child,
                required.Contains(name),
                nullable,
                childSchema?["additionalProperties"] is JsonObject
            );
            if (child is JsonArray { Count: > 0 } a && a[0] is JsonObject)
                foreach (var m in Members(a[0], Deref(childSchema?["items"]), path + ".0."))
                    yield return m;
            foreach (var m in Members(child, childSchema, path + "."))
                yield return m;
        }
    }

    private JsonNode? Deref(JsonNode? schema) =>
        schema?["$ref"] is { } r ? Deref(resolve(r.GetValue<string>()))
        : schema?["oneOf"] is JsonArray c ? Deref(c.FirstOrDefault(x => x?["type"]?.ToString() != "null"))
        : schema;

    private static BadBody Mutate(JsonNode sample, string category, string mutation, Action<JsonNode> change)
    {
        var clone = sample.DeepClone();
        change(clone);
        return new(category, mutation, Encoding.UTF8.GetBytes(clone.ToJsonString()));
    }

    private static JsonNode? Get(JsonNode root, string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(root, (n, p) => n is JsonArray a ? a[int.Parse(p)] : n?[p]);

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        if (parent is JsonArray a)
            a[int.Parse(last)] = value;
        else
            parent!.AsObject()[last] = value;
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        parent!.AsObject().Remove(last);
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode root, string path)
    {
        var cut = path.LastIndexOf('.');
        return cut < 0 ? (root, path) : (Get(root, path[..cut]), path[(cut + 1)..]);
    }
}
