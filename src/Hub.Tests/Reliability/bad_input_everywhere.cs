using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// Thousands of bad requests, generated for every route of the OpenAPI document: whatever a client sends, the hub
/// answers with a 4xx problem details, never a 5xx, and stores nothing (API.md: "Bad input never stores anything").
/// A few mutations may still be a fair question (an odd filter on a read, a long text in a licence to verify): those
/// may get a 2xx, but only if nothing was stored under their correlation id. Each request has its own correlation
/// id, so that what the hub stored can be traced to the request that caused it.
/// </summary>
public sealed class bad_input_everywhere(HubFixture hub, ITestOutputHelper output)
{
    private const string CorrelationPrefix = "bad-input-";
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, (int Tried, int Errors, int NotProblems, int Wrong, int Answered)> _figures =
    [];
    private int _sent,
        _throttled,
        _rotation;

    [Fact]
    public async Task never_a_5xx_always_problem_details_and_nothing_stored()
    {
        var openApi = JsonNode.Parse((await hub.Host.Get("/openapi/v1.json", key: null)).ReadAsText())!;
        var bodies = new BadBodies(SchemaResolver(openApi));
        var routes = Route.From(openApi).ToList();
        var clock = Stopwatch.StartNew();
        var before = await StoreState.Settled(hub);

        foreach (var route in routes)
        {
            var (key, wrongKey) = await KeysFor(route);
            foreach (var request in Generate(route, bodies, key, wrongKey))
                await Check(request);
            if (route.Method == "POST")
                await Replays(route, key());
        }

        var after = await StoreState.Take(hub);
        foreach (var (category, f) in _figures.OrderBy(f => f.Key))
            output.WriteLine(
                $"{category, -16} {f.Tried, 6} tried  {f.Errors, 3} 5xx  {f.NotProblems, 3} not problem details  "
                + $"{f.Wrong, 3} wrongly answered  {f.Answered, 4} answered, nothing stored"
            );
        output.WriteLine(
            $"{_sent} requests on {routes.Count} routes in {clock.Elapsed.TotalSeconds:F0} s ({_throttled} throttled "
            + "and retried); "
                + $"{_figures.Values.Sum(f => f.Errors)} 5xx, {_figures.Values.Sum(f => f.NotProblems)} 4xx without "
                + "problem details"
        );
        foreach (var failure in _failures.Take(200))
            output.WriteLine(failure);

        // The hub records some reads (a refused licence pull, an audit export); a GET may add those, nothing else may.
        var reads = await StoreState.EventsCorrelatedWith(hub, CorrelationPrefix, ".get");
        output.WriteLine($"reads recorded: {await StoreState.ReadsRecorded(hub, CorrelationPrefix, ".get")}");

        Assert.True(_sent > 3000, $"only {_sent} requests");
        Assert.Empty(_failures);
        Assert.Equal(reads, await StoreState.EventsCorrelatedWith(hub, CorrelationPrefix));
        Assert.Empty(before.Differences(after, reads));
    }

    private IEnumerable<BadRequest> Generate(Route route, BadBodies bodies, Func<string> key, string? wrongKey)
    {
        var sampleNode = route.BodySchema is null
            ? new JsonObject()
            : bodies.Sample(route.BodySchema) ?? new JsonObject();
        var sample = Encoding.UTF8.GetBytes(sampleNode.ToJsonString());
        var hasBody = route.Method is "POST" or "PUT";
        BadRequest Make(
            string category,
            string mutation,
            string url,
            byte[]? body,
            string? contentType = "application/json",
            string? k = null
        ) =>
            new(
                category,
                mutation,
                route.Method,
                route.Template,
                url,
                k ?? key(),
                hasBody ? body : null,
                hasBody ? contentType : null
            );

        foreach (var parameter in route.PathParameters)
        foreach (var (label, value) in BadUrls.Ids)
            yield return Make(
                "wrong ids",
                $"{parameter}: {label}",
                route.Url(new Dictionary<string, string> { [parameter] = BadUrls.Fill(value) }),
                sample
            ) with
            {
                MayAnswer = true,
            };

        var queries = route.QueryParameters.Union(route.Method == "GET" ? ["limit", "after"] : []).ToList();
        foreach (var parameter in queries)
        {
            foreach (var (label, value) in BadUrls.QueryValues)
                yield return Make(
                    "bad query",
                    $"{parameter}={label}",
                    $"{route.Url()}?{parameter}={value}",
                    sample
                ) with
                {
                    // A read may find nothing for an odd filter; an integer it cannot read is the client's mistake.
                    MayAnswer = !(route.IntegerQueries.Contains(parameter) && BadUrls.NotIntegers.Contains(label)),
                };
            yield return Make(
                "bad query",
                $"{parameter} twice",
                $"{route.Url()}?{parameter}=1&{parameter}=x",
                sample
            ) with
            {
                MayAnswer = true,
            };
        }
        if (wrongKey is not null)
            yield return Make("wrong role", "no bad input, wrong role", route.Url(), sample, k: wrongKey);
        if (!hasBody)
            yield break;

        foreach (var body in BadBodies.Malformed(Encoding.UTF8.GetString(sample)))
        {
            yield return Make(body.Category, body.Mutation, route.Url(), body.Bytes);
            if (body.Category == "malformed JSON" && wrongKey is not null)
                yield return Make("wrong role", body.Mutation, route.Url(), body.Bytes, k: wrongKey);
        }
        foreach (var contentType in BadUrls.ContentTypes)
            yield return Make("content type", contentType, route.Url(), sample, contentType);
        yield return Make("content type", "none", route.Url(), sample, contentType: null);
        if (route.BodySchema is not null)
            foreach (var body in bodies.PerMember(sampleNode, route.BodySchema))
                // A long text may be a fine question (verifying a licence), but never one the hub keeps.
                yield return Make(body.Category, body.Mutation, route.Url(), body.Bytes) with
                {
                    MayAnswer = body.Category == "huge strings",
                };
    }

    /// <summary>The same Idempotency-Key with the same bad body: the same refusal again; with another body:
    /// 422.</summary>
    private async Task Replays(Route route, string key)
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        var url = route.Url();
        var first = new BadRequest(
            "replayed keys",
            "first",
            "POST",
            route.Template,
            url,
            key,
            "{\"unexpected\":1}"u8.ToArray(),
            IdempotencyKey: idempotencyKey
        );
        var status = await Check(first);
        var again = await Check(first with { Mutation = "same key, same body" });
        if (again != status)
            Fail(first, again, $"the replay answered {again}, the first {status}");
        var other = await Check(
            first with
            {
                Mutation = "same key, another body",
                Body = "{\"unexpected\":2}"u8.ToArray(),
            }
        );
        if (other != 422)
            Fail(first, other, "another body under the same key is not a 422");
    }

    private async Task<int> Check(BadRequest request)
    {
        var (status, contentType, text, correlation) = await Send(request);
        var f = _figures.GetValueOrDefault(request.Category);
        f.Tried++;
        if (status >= 500)
        {
            f.Errors++;
            Fail(request, status, text);
        }
        else if (request.Category == "wrong role" && status != 403)
        {
            f.Wrong++;
            Fail(request, status, "not a 403 for the wrong role: " + text);
        }
        else if (status < 400 && !request.MayAnswer)
        {
            f.Wrong++;
            Fail(request, status, "bad input accepted: " + text);
        }
        else if (status < 400 && request.Method != "GET" && await StoreState.EventsCorrelatedWith(hub, correlation) > 0)
        {
            f.Wrong++;
            Fail(request, status, "bad input stored: " + text);
        }
        else if (status < 400)
            f.Answered++;
        else if (Problem(status, contentType, text) is { } wrong)
        {
            f.NotProblems++;
            Fail(request, status, wrong);
        }
        _figures[request.Category] = f;
        return status;
    }

    private static string? Problem(int status, string? contentType, string text)
    {
        if (contentType?.Split(';')[0] != "application/problem+json")
            return $"content type {contentType ?? "none"}: {text}";
        try
        {
            var problem = JsonNode.Parse(text);
            if (string.IsNullOrWhiteSpace(problem?["title"]?.GetValue<string>()))
                return "no title: " + text;
            if (problem["status"]?.GetValue<int>() != status)
                return "status member differs: " + text;
            return null;
        }
        catch (Exception e)
        {
            return $"not JSON ({e.Message}): {text}";
        }
    }

    private async Task<(int Status, string? ContentType, string Text, string Correlation)> Send(BadRequest request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var correlation = $"{CorrelationPrefix}{++_sent:D6}.{request.Method.ToLowerInvariant()}";
            try
            {
                var result = await hub.Host.Scenario(s =>
                {
                    var url = request.Method switch
                    {
                        "GET" => s.Get,
                        "PUT" => s.Put,
                        _ => s.Post,
                    };
                    // Alba keeps a query given in a body request's URL as part of its path (POST /api/materials
                    // takes ?name=): the query goes on the request as such.
                    var query = request.Url.IndexOf('?');
                    if (request.Body is null)
                        url.Url(request.Url);
                    else
                        url.ByteArray(request.Body).ToUrl(query < 0 ? request.Url : request.Url[..query]);
                    s.ConfigureHttpContext(c =>
                    {
                        if (request.Body is not null && query >= 0)
                            c.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(request.Url[query..]);
                        c.Request.ContentType = request.Body is null ? null : request.ContentType;
                        c.Request.Headers.Authorization = $"Bearer {request.Key}";
                        c.Request.Headers[Correlation.Header] = correlation;
                        if (request.IdempotencyKey is not null)
                            c.Request.Headers[Idempotency.Header] = request.IdempotencyKey;
                    });
                    s.IgnoreStatusCode();
                });
                var status = result.Context.Response.StatusCode;
                if (status == 429 && attempt < 10)
                {
                    _throttled++;
                    await Task.Delay(1000);
                    continue;
                }
                return (status, result.Context.Response.ContentType, result.ReadAsText(), correlation);
            }
            catch (Exception e)
            {
                return (599, null, "the hub threw: " + e.GetBaseException().Message, correlation);
            }
        }
    }

    private void Fail(BadRequest request, int status, string detail)
    {
        var body = request.Body is null ? "" : Encoding.UTF8.GetString(request.Body);
        _failures.Add(
            $"{status} {request.Method} {request.Route} [{request.Category}: {request.Mutation}] url "
            + $"{Cut(request.Url, 120)} "
                + $"body {Cut(body, 160)} -> {Cut(detail, 300)}"
        );
    }

    private static string Cut(string text, int length) =>
        text.Length <= length ? text : text[..length] + $"…({text.Length})";

    /// <summary>A key whose role may call the route (so that bad input reaches the endpoint), and one whose may
    /// not.</summary>
    private async Task<(Func<string> Key, string? WrongKey)> KeysFor(Route route)
    {
        var department = hub.Department("government-services");
        var others = hub.Keys.Departments.Values.ToArray();
        Func<string> anyDepartment = route.PathParameters.Contains("code")
            ? () => department
            : () => others[_rotation++ % others.Length];
        var candidates = new (Func<string> Key, string Probe)[]
        {
            (anyDepartment, department),
            (() => hub.Keys.Coordinator, hub.Keys.Coordinator),
            (() => hub.Keys.Governance, hub.Keys.Governance),
            (() => hub.Keys.DataCentre, hub.Keys.DataCentre),
        };
        var statuses = new List<int>();
        foreach (var (_, probe) in candidates)
            statuses.Add(
                (
                    await Send(
                        new BadRequest(
                            "probe",
                            "{}",
                            route.Method,
                            route.ToString(),
                            route.Url(),
                            probe,
                            route.Method == "GET" ? null : "{\"unexpected\":1}"u8.ToArray()
                        )
                    )
                ).Status
            );
        var allowed = statuses.FindIndex(s => s is not (401 or 403));
        var refused = statuses.FindIndex(s => s == 403);
        return (candidates[Math.Max(0, allowed)].Key, refused < 0 ? null : candidates[refused].Probe);
    }

    private Func<string, JsonNode?> SchemaResolver(JsonNode openApi)
    {
        var files = Directory
            .GetFiles(hub.Host.Services.GetRequiredService<HubOptions>().SchemasFolder, "*.schema.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!)
            .ToList();
        var byId = files.ToDictionary(s => s["$id"]!.ToString());
        var byTitle = files.GroupBy(s => s["title"]?.ToString() ?? "").ToDictionary(g => g.Key, g => g.First());
        var components = openApi["components"]!["schemas"]!;
        return reference =>
            reference.StartsWith("#/components/schemas/")
                ? byTitle.GetValueOrDefault(reference[21..]) ?? components[reference[21..]]
                : byId.GetValueOrDefault(reference);
    }
}
