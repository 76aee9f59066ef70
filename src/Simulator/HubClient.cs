using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using OneThing.Client;
using OneThing.Client.Api;
using OneThing.Contracts;
using Wire = OneThing.Client.Models;

namespace OneThing.Simulator;

/// <summary>
/// The hub's API as a department system calls it: the C# client that Kiota generated from the hub's OpenAPI
/// document (clients/csharp), so every simulated flow goes through the routes, statuses and schemas the document
/// declares. One client per key; beneath them one HTTP pipeline (<see cref="HubRetries"/>) that retries as a careful
/// system would and moves to the next hub node when one is away.
/// </summary>
public sealed class HubClient(SimulatorOptions options)
{
    private readonly HttpClient _http = new(new HubRetries(options) { InnerHandler = new SocketsHttpHandler() })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };
    private readonly ConcurrentDictionary<string, ApiRequestBuilder> _byKey = new();

    /// <summary>How the simulator reads the hub's messages and writes its own records (webhook bodies included).
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The hub's routes, called with this key.</summary>
    public ApiRequestBuilder As(string key) =>
        _byKey.GetOrAdd(key, k => new HubApiClient(new HttpClientRequestAdapter(new ApiKey(k), httpClient: _http)
        {
            BaseUrl = options.Hubs[0].ToString().TrimEnd('/'),
        }).Api);

    /// <summary>A service's outcome. One the service's state no longer allows (a 409 after the retries: answered
    /// already, say) stands as the hub has it; false then.</summary>
    public async Task<bool> Outcome(
        string key,
        string applicationId,
        string service,
        ServiceOutcome outcome,
        CancellationToken ct)
    {
        try
        {
            await As(key).Applications[applicationId].Services[service].Outcome
                .PostAsync(Records.To<Wire.ServiceOutcome>(outcome), cancellationToken: ct);
            return true;
        }
        catch (ApiException) { return false; }
    }

    /// <summary>A call whose refusal the simulated system lets stand (the hub's state wins); false when
    /// refused.</summary>
    public static async Task<bool> Tried(Task call)
    {
        try
        {
            await call;
            return true;
        }
        catch (ApiException) { return false; }
    }

    /// <summary>What the hub said of a refusal: its problem details, or the status.</summary>
    public static string Describe(ApiException e) => e is Wire.ProblemDetails p
        ? $"{p.Title}: {p.Detail} {string.Join("; ", p.Errors?.AdditionalData.Select(x => $"{x.Key} {x.Value}") ?? [])}"
        : $"{e.ResponseStatusCode}";

    private sealed class ApiKey(string key) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(
            RequestInformation request,
            Dictionary<string, object>? context = null,
            CancellationToken ct = default)
        {
            request.Headers.TryAdd("Authorization", $"Bearer {key}");
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// Retries on 409 and on the hub being away. A retried POST carries the same Idempotency-Key, so a call whose answer
/// was lost is not done twice; with several hub nodes a call that finds one away goes to the next, as a load
/// balancer would send it. A department system keeps trying for as long as a hub restart may take (two minutes),
/// not a fixed number of times: work it gave up on would stay undone, as the hub has delivered it already.
/// </summary>
internal sealed class HubRetries(SimulatorOptions options) : DelegatingHandler
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private int _node;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(ct);
        var path = request.RequestUri!.PathAndQuery;
        var giveUpAt = DateTime.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            var node = options.Hubs[(int)((uint)_node % options.Hubs.Count)];
            using var copy = Copy(request, new Uri(node, path), body);
            if (request.Method == HttpMethod.Post)
                copy.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            var patient = DateTime.UtcNow < giveUpAt;
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(copy, ct);
                // The body is read here, where a hub killed halfway through its answer is retried (the same key
                // replays the answer); read later by the client, a cut-off body would end the call.
                await response.Content.LoadIntoBufferAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && patient
                                      && !ct.IsCancellationRequested)
            {
                response?.Dispose();
                response = null;
            }
            if (response is not null)
            {
                // A 409 on an outcome is a transition the service's state does not allow (already answered): retrying
                // a couple of times covers a supplement that is still being recorded; then the answer stands.
                // A 409 with Retry-After is our own earlier attempt still running (or cut off by a hub restart).
                var conflict = response.StatusCode is System.Net.HttpStatusCode.Conflict;
                var retry = conflict && path.Contains("/outcome") && attempt < 3
                    || conflict && response.Headers.RetryAfter is not null
                    || (int)response.StatusCode >= 500;
                if (!retry || !patient) return response;
            }
            if (response is null || (int)response.StatusCode >= 500) Interlocked.Increment(ref _node);
            response?.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, attempt))), ct);
        }
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, Uri uri, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, uri) { Version = request.Version };
        foreach (var (name, values) in request.Headers) copy.Headers.TryAddWithoutValidation(name, values);
        if (body is null) return copy;
        copy.Content = new ByteArrayContent(body);
        foreach (var (name, values) in request.Content!.Headers)
            copy.Content.Headers.TryAddWithoutValidation(name, values);
        return copy;
    }
}

/// <summary>The keys the hub wrote for every seeded principal (.hub/dev-keys.json).</summary>
public sealed record DevKeys(
    string Coordinator,
    string Governance,
    string DataCentre,
    Dictionary<string, string> Departments
)
{
    public static DevKeys Read(string file) =>
        JsonSerializer.Deserialize<DevKeys>(File.ReadAllText(file), HubClient.Json)!;
}
