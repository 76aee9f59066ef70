using System.Text;
using System.Text.Json.Nodes;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>One bad request: a route of the OpenAPI document, called with a key and something wrong in it.</summary>
public sealed record BadRequest(
    string Category,
    string Mutation,
    string Method,
    string Route,
    string Url,
    string Key,
    byte[]? Body = null,
    string? ContentType = "application/json",
    string? IdempotencyKey = null,
    bool MayAnswer = false
);

/// <summary>A route as the OpenAPI document describes it, with what each generator needs to know of it.</summary>
public sealed record Route(
    string Method,
    string Template,
    JsonNode? BodySchema,
    IReadOnlyList<string> PathParameters,
    IReadOnlyList<string> QueryParameters,
    IReadOnlySet<string> IntegerQueries
)
{
    public override string ToString() => $"{Method} {Template}";

    public static IEnumerable<Route> From(JsonNode openApi) =>
        from path in openApi["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        let parameters = operation.Value!["parameters"] as JsonArray ?? []
        select new Route(
            operation.Key.ToUpperInvariant(),
            path.Key,
            operation.Value!["requestBody"]?["content"]?["application/json"]?["schema"],
            parameters.Where(p => p!["in"]!.ToString() == "path").Select(p => p!["name"]!.ToString()).ToList(),
            parameters.Where(p => p!["in"]!.ToString() == "query").Select(p => p!["name"]!.ToString()).ToList(),
            parameters
                .Where(p => p!["schema"]?["type"]?.ToJsonString().Contains("integer") == true)
                .Select(p => p!["name"]!.ToString())
                .ToHashSet()
        );

    /// <summary>The route with plausible values in its segments: a real department and edition, ids nothing
    /// has.</summary>
    public string Url(IReadOnlyDictionary<string, string>? overrides = null) =>
        PathParameters.Aggregate(
            Template,
            (url, name) =>
                url.Replace(
                    $"{{{name}}}",
                    overrides?.GetValueOrDefault(name)
                        ?? name switch
                        {
                            "code" when Template.StartsWith("/api/one-things") => "newborn",
                            "code" => "government-services",
                            "edition" => "2022",
                            "keyId" => "0123456789abcdef",
                            "serviceCode" => "no-such-service",
                            _ => Guid.NewGuid().ToString(),
                        }
                )
        );
}

/// <summary>Bad route values and bad query strings, the same for every route.</summary>
public static class BadUrls
{
    public static readonly (string Label, string Value)[] Ids =
    [
        ("not a guid", "not-a-guid"),
        ("unknown guid", "{new}"),
        ("empty guid", "00000000-0000-0000-0000-000000000000"),
        ("encoded traversal", "..%2F..%2Fetc%2Fpasswd"),
        ("dot dot", ".."),
        ("very long", new string('9', 5000)),
        ("SQL-ish", Uri.EscapeDataString("' or 1=1--")),
        ("encoded invalid UTF-8", "%C0%AF%FF"),
        ("RTL override", "%E2%80%AEabc"),
        ("emoji", "%F0%9F%98%80"),
        ("space", "%20"),
        ("negative", "-1"),
        ("braces", "%7Bid%7D"),
        ("percent", "%25"),
        // Not %00: Kestrel refuses a path with NUL before the hub sees it, and TestServer will not even send one.
    ];

    public static readonly (string Label, string Value)[] QueryValues =
    [
        ("non-numeric", "abc"),
        ("negative", "-1"),
        ("zero", "0"),
        ("huge", "99999999999999999999"),
        ("int overflow", "2147483648"),
        ("fraction", "1.5"),
        ("exponent", "1e9"),
        ("empty", ""),
        ("encoded NUL", "%00"),
        ("SQL-ish", Uri.EscapeDataString("' or 1=1--")),
        ("very long", new string('7', 5000)),
        ("invalid UTF-8", "%FF%FE"),
        ("emoji", "%F0%9F%98%80"),
        ("not a date", "2031-13-45T99:00"),
    ];

    public static readonly string[] ContentTypes =
    [
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
        "application/json; charset=latin1",
        "???",
        "application/octet-stream",
    ];

    /// <summary>Values that no integer parameter may take.</summary>
    public static readonly HashSet<string> NotIntegers =
    [
        "non-numeric",
        "huge",
        "int overflow",
        "fraction",
        "exponent",
        "very long",
        "invalid UTF-8",
        "emoji",
        "not a date",
        "SQL-ish",
        "encoded NUL",
    ];

    public static string Fill(string value) => value == "{new}" ? Guid.NewGuid().ToString() : value;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
