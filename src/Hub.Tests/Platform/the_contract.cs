using System.Diagnostics;
using System.Text.Json.Nodes;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Platform;

/// <summary>
/// The OpenAPI document as a department system's client generator takes it (docs/DEPARTMENT-SYSTEMS.md, "The
/// contract"): typed throughout, every answer with its real status and schema, clean under Redocly's and Spectral's
/// rules, and the same document the committed clients (clients/) were made of. Fix a stale one: ./hub.sh client.
/// </summary>
public sealed class the_contract(HubFixture hub)
{
    private static readonly string Clients = Path.Combine(Repo.Root(), "clients");
    private static readonly string Tools = Path.Combine(Clients, "tools");

    private async Task<string> Document() => (await hub.Host.Get("/openapi/v1.json", key: null)).ReadAsText();

    [Fact]
    public async Task is_the_document_the_committed_clients_were_made_of()
    {
        var committed = await File.ReadAllTextAsync(Path.Combine(Clients, "openapi.json"));
        Assert.True((await Document()).ReplaceLineEndings() == committed.ReplaceLineEndings(),
            "clients/openapi.json is not the hub's document: run ./hub.sh client and commit clients/");
        // ./hub.sh client notes the digest of the document it generated the C# client from.
        var noted = (await File.ReadAllTextAsync(Path.Combine(Clients, "csharp", "openapi.sha256"))).Trim();
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            await File.ReadAllBytesAsync(Path.Combine(Clients, "openapi.json"))));
        Assert.True(noted == digest, "clients/csharp was generated from another document: run ./hub.sh client");
    }

    [Fact]
    public async Task types_every_member_and_answers_with_real_statuses_and_schemas()
    {
        var doc = JsonNode.Parse(await Document())!;
        var wrong = new List<string>();
        Assert.Equal("http://127.0.0.1:5080", doc["servers"]![0]!["url"]!.GetValue<string>());

        var tags = doc["tags"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(),
            t => t!["description"]?.GetValue<string>());
        foreach (var (name, description) in tags)
            if (string.IsNullOrWhiteSpace(description))
                wrong.Add($"tag {name} has no description: add its feature to HubFeatures.Descriptions");

        var operationIds = new HashSet<string>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, node) in item!.AsObject())
        {
            var route = $"{method.ToUpperInvariant()} {path}";
            var operation = node!.AsObject();
            if (operation["operationId"]?.GetValue<string>() is not { Length: > 0 } id || !operationIds.Add(id))
                wrong.Add($"{route}: no operationId of its own");
            if (operation["tags"]?.AsArray() is not [{ } tag] || !tags.ContainsKey(tag.GetValue<string>()))
                wrong.Add($"{route}: not one described tag");
            var responses = operation["responses"]!.AsObject();
            var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (successes.Count == 0)
                wrong.Add($"{route}: no success declared ([ProducesResponseType] on the endpoint)");
            foreach (var (status, response) in responses)
            {
                var content = response!["content"]?.AsObject();
                if (status is "201" && content is null)
                    wrong.Add($"{route}: 201 without the created record");
                if (status[0] is '4' or '5'
                    && content?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>()
                        != "#/components/schemas/ProblemDetails")
                    wrong.Add($"{route}: {status} is not a problem details answer");
                if (status is "204" && content is not null)
                    wrong.Add($"{route}: 204 with a body");
            }
        }

        var schemas = doc["components"]!["schemas"]!.AsObject();
        foreach (var name in new[] { "IResult", "HttpValidationProblemDetails" })
            Assert.False(schemas.ContainsKey(name), $"{name} is in the document");
        foreach (var (name, schema) in schemas)
            Untyped(schema!, name, wrong);

        // A front office gets the new application's id back, typed; validation problems carry their errors.
        var created = doc["paths"]!["/api/applications"]!["post"]!["responses"]!["201"]!["content"]!;
        Assert.Equal("#/components/schemas/ApplicationAccepted",
            created["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("string", schemas["ApplicationAccepted"]!["properties"]!["applicationId"]!["type"]!
            .GetValue<string>());
        Assert.Equal("string", schemas["ProblemDetails"]!["properties"]!["errors"]!["additionalProperties"]!["items"]!
            ["type"]!.GetValue<string>());
        Assert.Empty(wrong);
    }

    // Every schema says what it is: a type, a reference, a composition, or (a JSON value of any shape) says so.
    private static void Untyped(JsonNode schema, string at, List<string> wrong)
    {
        if (schema is not JsonObject s) return;
        var typed = s.ContainsKey("type") || s.ContainsKey("$ref") || s.ContainsKey("oneOf")
            || s.ContainsKey("anyOf") || s.ContainsKey("allOf") || s.ContainsKey("enum") || s.ContainsKey("const");
        if (!typed && s["description"]?.GetValue<string>() != OpenApiAny)
            wrong.Add($"{at} has no type");
        if (s["type"] is { } type && type.ToJsonString().Contains("\"array\"") && s["items"] is null)
            wrong.Add($"{at} is an array without items");
        foreach (var (name, member) in s["properties"]?.AsObject() ?? [])
            Untyped(member!, $"{at}.{name}", wrong);
        if (s["items"] is { } items) Untyped(items, $"{at}[]", wrong);
        if (s["additionalProperties"] is JsonObject values) Untyped(values, $"{at}{{}}", wrong);
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
            foreach (var (part, i) in (s[key]?.AsArray() ?? []).Select((p, i) => (p, i)))
                Untyped(part!, $"{at}/{key}[{i}]", wrong);
    }

    private const string OpenApiAny = OneThing.Hub.Infrastructure.OpenApiSchemaTypes.AnyValue;

    [Fact]
    public async Task lints_clean_under_redocly_and_spectral()
    {
        var file = await Scratch("openapi.json", await Document());
        var redocly = await Tool("redocly", ["lint", file, "--config", Path.Combine(Tools, "redocly.yaml")]);
        Assert.True(redocly.Code == 0, $"Redocly found errors:\n{redocly.Output}");
        var spectral = await Tool("spectral",
            ["lint", file, "--ruleset", Path.Combine(Tools, ".spectral.yaml"), "--fail-severity", "error"]);
        Assert.True(spectral.Code == 0, $"Spectral found errors:\n{spectral.Output}");
    }

    [Fact]
    public async Task gives_typescript_types_that_are_committed_and_check_under_tsc()
    {
        var file = await Scratch("openapi.json", await Document());
        var types = Path.Combine(Path.GetDirectoryName(file)!, "schema.d.ts");
        var generated = await Tool("openapi-typescript", [file, "-o", types]);
        Assert.True(generated.Code == 0, generated.Output);
        Assert.True((await File.ReadAllTextAsync(types)).ReplaceLineEndings()
            == (await File.ReadAllTextAsync(Path.Combine(Clients, "typescript", "schema.d.ts"))).ReplaceLineEndings(),
            "clients/typescript/schema.d.ts is stale: run ./hub.sh client");
        var tsc = await Tool("tsc", ["-p", Path.Combine(Clients, "typescript")]);
        Assert.True(tsc.Code == 0, $"tsc:\n{tsc.Output}");
    }

    private static async Task<string> Scratch(string name, string text)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("onething-contract-").FullName, name);
        await File.WriteAllTextAsync(file, text);
        return file;
    }

    /// <summary>One of the npm tools ./hub.sh installs into clients/tools (never a global one).</summary>
    private static async Task<(int Code, string Output)> Tool(string name, string[] arguments)
    {
        var bin = Path.Combine(Tools, "node_modules", ".bin", name);
        Assert.True(File.Exists(bin), $"{bin} is missing: ./hub.sh test installs it (npm ci in clients/tools)");
        var start = new ProcessStartInfo(bin, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Tools,
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
