using System.Net;
using System.Net.Http.Json;
using OneThing.Contracts;
using OneThing.Simulator;

namespace OneThing.Bench;

/// <summary>
/// An exchange through the hub (consumer → hub → provider's system by signed webhook → reply → hub → the same
/// consumer request) against the same query made by the consumer straight to the provider's system.
/// Tax queries market-regulation's enterprise registration (unconditional: granted at once), for enterprises of the
/// simulator's population (GET /sim/population), whose register answers each with its record.
/// </summary>
public sealed class ExchangeRoundTrip(HubApi hub, HttpClient http, Uri simulator, DevKeys keys)
{
    private const string Consumer = "tax",
        Resource = "enterprise-registration-record";
    private string _grant = "";
    private List<string> _enterprises = [];

    private string AnyEnterprise() => _enterprises[Random.Shared.Next(_enterprises.Count)];

    public async Task Grant()
    {
        var population = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(
            new Uri(simulator, "/sim/population?kind=enterprise&limit=1000"),
            HubApi.Json
        );
        _enterprises = population
            .GetProperty("entries")
            .EnumerateArray()
            .Select(e => e.GetProperty("idNumber").GetString()!)
            .ToList();
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd");
        var status = await hub.PostOk<ShareRequestStatus>(
            keys.Departments[Consumer],
            "/api/share-requests",
            new RequestShare(
                Resource,
                "核验纳税人登记信息",
                "《税收征收管理法》第十五条",
                ["uscc", "enterpriseName"],
                until
            )
        );
        if (status.State != ShareStates.Granted)
            throw new InvalidOperationException($"share request {status.State}");
        _grant = status.Id;
    }

    /// <summary>Through the hub: only a 200 with the records counts (a 202 means the answer missed the wait).</summary>
    public async Task<bool> ThroughHub(int _)
    {
        using var response = await hub.Post(
            keys.Departments[Consumer],
            "/api/exchanges",
            new RequestExchange(
                _grant,
                new Dictionary<string, string> { ["uscc"] = AnyEnterprise() }
            )
        );
        if (response.StatusCode != HttpStatusCode.OK)
            return false;
        var result = await response.Content.ReadFromJsonAsync<ExchangeResult>(HubApi.Json);
        return result?.Records is { Count: 1 };
    }

    /// <summary>Directly: the provider system's own query route, same query, same answer.</summary>
    public async Task<bool> Direct(int _)
    {
        using var response = await http.PostAsJsonAsync(
            new Uri(simulator, $"/direct/resources/{Resource}/query"),
            new Dictionary<string, string> { ["uscc"] = AnyEnterprise() },
            HubApi.Json
        );
        if (response.StatusCode != HttpStatusCode.OK)
            return false;
        var reply = await response.Content.ReadFromJsonAsync<ExchangeReply>(HubApi.Json);
        return reply?.Records is { Count: 1 };
    }
}
