using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// Front offices and consumers as a careful client behaves: each request has its own Idempotency-Key and is sent
/// again with the same key while the hub is away (connection refused, 5xx), to the next node as a load balancer
/// would. What got a 2xx is remembered, to be found in the store afterwards.
/// </summary>
public sealed class Load(Rig rig)
{
    private static int _people = Random.Shared.Next(1_000_000);
    private int _next;
    public ConcurrentBag<string> Applications { get; } = [];
    public ConcurrentBag<string> Exchanges { get; } = [];
    public int Requests,
        Sent,
        Resent,
        AnswersLost,
        Unexpected;
    public ConcurrentBag<string> Surprises { get; } = [];

    /// <summary>Each 5xx status answered (the load sends those requests again), with one of its answers.</summary>
    public ConcurrentDictionary<int, int> ServerErrors { get; } = new();
    public ConcurrentDictionary<int, string> ServerErrorSamples { get; } = new();

    public async Task Run(int workers, TimeSpan duration, CancellationToken ct = default)
    {
        var window = rig.Keys.Departments[ApplicationScenarios.Window];
        var thing = (await rig.Get<OneThingDetail>(window, "/api/one-things/newborn")).OneThing;
        var form = ApplicationScenarios.Form(thing);
        var until = DateTime.UtcNow + duration;
        var grant = await Grant();

        await Task.WhenAll(
            Enumerable
                .Range(0, workers)
                .Select(async w =>
                {
                    for (var i = 0; DateTime.UtcNow < until && !ct.IsCancellationRequested; i++)
                    {
                        if (i % 3 == 2)
                        {
                            var query = new RequestExchange(
                                grant,
                                new Dictionary<string, string> { ["uscc"] = ApplicationScenarios.CreditCode() }
                            );
                            if (
                                await Send<ExchangeResult>(rig.Keys.Departments["tax"], "/api/exchanges", query) is
                                { } exchange
                            )
                                Exchanges.Add(exchange.Id);
                        }
                        else
                        {
                            var applicant = ApplicationScenarios.Person(NewResidentId());
                            if (
                                await Send<ApplicationAccepted>(
                                    window,
                                    "/api/applications",
                                    new SubmitApplication("newborn", applicant, form)
                                ) is
                                { } accepted
                            )
                                Applications.Add(accepted.ApplicationId);
                        }
                    }
                })
        );
    }

    /// <summary>Waits until applications and exchanges have been accepted since the call: the hub is taking work.
    /// A fault test injects its fault then, not after a fixed delay, which on a loaded machine may end before a
    /// node has taken anything.</summary>
    public Task Taking(string what)
    {
        var (applications, exchanges) = (Applications.Count, Exchanges.Count);
        return LiveHub.Eventually(
            () => Task.FromResult((Applications: Applications.Count, Exchanges: Exchanges.Count)),
            n => n.Applications > applications && n.Exchanges > exchanges,
            TimeSpan.FromSeconds(120),
            what
        );
    }

    private async Task<string> Grant()
    {
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd");
        var grant = await Send<ShareRequestStatus>(
            rig.Keys.Departments["tax"],
            "/api/share-requests",
            new RequestShare(
                "enterprise-registration-record",
                "核验纳税人登记信息",
                "《税收征收管理法》第十五条",
                ["uscc", "enterpriseName"],
                until
            )
        );
        return grant?.Id ?? throw new InvalidOperationException("No grant for the exchanges");
    }

    /// <summary>A unique, valid resident id per application: the test finds every applicant's applications by
    /// it.</summary>
    private static string NewResidentId()
    {
        var n = Interlocked.Increment(ref _people);
        var born = new DateOnly(1950, 1, 1).AddDays(n / 1000 % 20000);
        return ApplicationScenarios.ResidentId($"120105{born:yyyyMMdd}{n % 1000:000}");
    }

    private async Task<T?> Send<T>(string key, string path, object body)
        where T : class
    {
        Interlocked.Increment(ref Requests);
        var idempotencyKey = Guid.NewGuid().ToString();
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        for (var attempt = 0; ; attempt++)
        {
            var node = rig.NodeUrls[(int)((uint)Interlocked.Increment(ref _next) % rig.NodeUrls.Length)];
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node, path))
            {
                Content = JsonContent.Create(body, body.GetType(), options: HubJson.Options),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            Interlocked.Increment(ref attempt == 0 ? ref Sent : ref Resent);
            try
            {
                using var response = await rig.Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    if (text.Length > 0)
                        return JsonSerializer.Deserialize<T>(text, HubJson.Options);
                    // A success without its answer: the client cannot know what it got, so it counts against the hub.
                    Interlocked.Increment(ref Unexpected);
                    Surprises.Add($"{path}: {(int)response.StatusCode} with an empty body (replayed: "
                        + $"{response.Headers.Contains("Idempotent-Replayed")}, attempt {attempt + 1})");
                    return null;
                }
                if ((int)response.StatusCode >= 500)
                {
                    ServerErrors.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    ServerErrorSamples.TryAdd((int)response.StatusCode,
                        $"{response.Content.Headers.ContentType} {response.Headers.RetryAfter} {text}");
                }
                if (response.StatusCode == HttpStatusCode.Conflict && text.Contains("carried out"))
                {
                    Interlocked.Increment(ref AnswersLost);
                    return null;
                }
                // 409 "still running": the first attempt is in flight on a node; 5xx: the node is going down.
                if (response.StatusCode != HttpStatusCode.Conflict && (int)response.StatusCode < 500)
                {
                    Interlocked.Increment(ref Unexpected);
                    Surprises.Add($"{path}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
                    return null;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > giveUp)
            {
                Interlocked.Increment(ref Unexpected);
                Surprises.Add($"{path}: no answer within 90 s");
                return null;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (attempt + 1))));
        }
    }
}
