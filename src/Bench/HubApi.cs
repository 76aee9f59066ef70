using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneThing.Bench;

/// <summary>The hub's API as a department system calls it: one shared HttpClient, a key per call.</summary>
public sealed class HubApi(HttpClient http, Uri hub)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>No connection limit, pooled keep-alive: the load generator must not be the bottleneck.</summary>
    public static HttpClient Client() =>
        new(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = int.MaxValue,
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
                UseProxy = false,
            }
        )
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    public Uri Url(string path) => new(hub, path);

    public Task<HttpResponseMessage> Post(string key, string path, object body) =>
        Send(key, HttpMethod.Post, path, body);

    public async Task<HttpResponseMessage> Send(string key, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, Url(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        return await http.SendAsync(request);
    }

    public async Task<T> Get<T>(string key, string path)
    {
        using var response = await Send(key, HttpMethod.Get, path, null);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            );
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task<T> PostOk<T>(string key, string path, object body)
    {
        using var response = await Post(key, path, body);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            );
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }
}
