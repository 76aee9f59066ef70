using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// The hub's API as a department system calls it: a key per call, retries on 409 and on the hub being away. A retried
/// POST carries the same Idempotency-Key, so a call whose answer was lost is not done twice; with several hub nodes a
/// call that finds one away goes to the next, as a load balancer would send it.
/// </summary>
public sealed class HubClient(HttpClient http, SimulatorOptions options)
{
    private int _node;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<T> Get<T>(string key, string path, CancellationToken ct)
    {
        using var response = await Send(key, HttpMethod.Get, path, null, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    public async Task<HttpResponseMessage> Send(
        string key,
        HttpMethod method,
        string path,
        object? body,
        CancellationToken ct,
        bool ensure = true
    )
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            var node = options.Hubs[(int)((uint)_node % options.Hubs.Count)];
            using var request = new HttpRequestMessage(method, new Uri(node, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (method == HttpMethod.Post)
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (body is not null)
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            HttpResponseMessage? response = null;
            try
            {
                response = await http.SendAsync(request, ct);
                // A 409 on an outcome is a transition the service's state does not allow (already answered): retrying
                // a couple of times covers a supplement that is still being recorded; then the answer stands.
                // A 409 with Retry-After is our own earlier attempt still running (or cut off by a hub restart).
                var retry =
                    response.StatusCode is HttpStatusCode.Conflict && path.Contains("/outcome") && attempt < 3
                    || response.StatusCode is HttpStatusCode.Conflict && response.Headers.RetryAfter is not null
                    || (int)response.StatusCode >= 500;
                if (!retry || attempt >= 8)
                {
                    if (ensure && !response.IsSuccessStatusCode)
                        throw new HttpRequestException(
                            $"{method} {path}: {(int)response.StatusCode} "
                            + $"{await response.Content.ReadAsStringAsync(ct)}"
                        );
                    return response;
                }
            }
            catch (HttpRequestException) when (response is null && attempt < 8) { }
            if (response is null || (int)response.StatusCode >= 500)
                Interlocked.Increment(ref _node);
            response?.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)), ct);
        }
    }

    public Task Outcome(
        string key,
        string applicationId,
        string service,
        ServiceOutcome outcome,
        CancellationToken ct
    ) =>
        Send(
            key,
            HttpMethod.Post,
            $"/api/applications/{applicationId}/services/{service}/outcome",
            outcome,
            ct,
            ensure: false
        );
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
