using System.Text;
using System.Text.Json;
using Alba;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using Wolverine;

namespace OneThing.Hub.Tests.Delivery;

/// <summary>
/// A department's own side of delivery: its settings, its delivery log, its dead letters and their replay, and a
/// test ping to its webhook; never another department's. Each test uses units no other test sends work to.
/// </summary>
public sealed class a_departments_own_view(HubFixture hub)
{
    private const string Secret = "a-secret-of-sixteen-or-more";

    private Task<IScenarioResult> Put(string code, DeliverySettings settings, string key, int status = 200) =>
        hub.Host.Scenario(s =>
        {
            s.Put.Json(settings, JsonStyle.MinimalApi).ToUrl($"/api/departments/{code}/delivery");
            s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });

    private Task<IScenarioResult> Ping(string code, string key, int status) =>
        hub.Host.Scenario(s =>
        {
            s.Post.Url($"/api/departments/{code}/delivery/ping");
            s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task a_department_sees_its_own_settings_and_no_one_elses()
    {
        const string code = "housing-urban-rural-development";
        var own = hub.Department(code);
        (await hub.Host.Get($"/api/departments/{code}/delivery", own, 404)).Problem();

        await Put(code, new DeliverySettings(DeliveryModes.Webhook, "https://hurd.example/hook", Secret), own);
        var seen = (await hub.Host.Get($"/api/departments/{code}/delivery", own)).Read<DeliveryChannel>();
        var box = hub.Host.Services.GetRequiredService<SecretBox>();

        Assert.Equal((code, DeliveryModes.Webhook, "https://hurd.example/hook", box.Fingerprint(Secret)),
            (seen.Department, seen.Mode, seen.Url, seen.SecretFingerprint));
        Assert.DoesNotContain(Secret, JsonSerializer.Serialize(seen));
        Assert.Equal(seen, (await hub.Host.Get($"/api/departments/{code}/delivery", hub.Keys.Coordinator))
            .Read<DeliveryChannel>());
        Assert.Equal(Problems.ForbiddenType,
            (await hub.Host.Get($"/api/departments/{code}/delivery", hub.Department("tax"), 403)).Problem().Type);
        await hub.Host.Get($"/api/departments/{code}/delivery", hub.Keys.DataCentre, 403);
        await hub.Host.Get($"/api/departments/{code}/delivery", null, 401);
    }

    [Fact]
    public async Task a_ping_is_signed_like_a_delivery_and_its_outcome_answered_and_logged()
    {
        const string code = "disabled-persons-federation";
        var own = hub.Department(code);
        var status = 200;
        await using var receiver = await TestReceiver.Start(http =>
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        await Put(code, new DeliverySettings(DeliveryModes.Webhook, receiver.Url(), Secret), own);

        var delivered = (await Ping(code, own, 200)).Read<DeliveryPingResult>();
        status = 503;
        var failed = (await Ping(code, own, 200)).Read<DeliveryPingResult>();

        Assert.Equal((DeliveryOutcomes.Delivered, receiver.Url(), null), (delivered.Outcome, delivered.Url,
            delivered.Error));
        Assert.Equal(DeliveryOutcomes.Failed, failed.Outcome);
        Assert.Contains("503", failed.Error);
        var request = receiver.Requests.First();
        var message = JsonSerializer.Deserialize<DepartmentMessage>(request.Body, HubJson.Options)!;
        Assert.Equal((MessageKinds.DeliveryPing, code, delivered.MessageId),
            (message.Kind, message.Department, message.MessageId));
        Assert.Equal(WebhookCheck.Accepted, new WebhookReceiver(Secret).Check(
            request.Headers[WebhookSignature.TimestampHeader], request.Headers[WebhookSignature.SignatureHeader],
            message.MessageId, request.Body));
        Assert.Equal(code, message.Payload.Deserialize<DeliveryPing>(HubJson.Options)!.Department);

        var log = await hub.Host.All<DeliveryAttempt>("/api/deliveries", own);
        var pings = log.Where(a => a.Kind == MessageKinds.DeliveryPing).ToList();
        Assert.Equal([(failed.MessageId, DeliveryOutcomes.Failed), (delivered.MessageId, DeliveryOutcomes.Delivered)],
            pings.Take(2).Select(a => (a.MessageId, a.Outcome)));
        var onlyFailed = await hub.Host.All<DeliveryAttempt>("/api/deliveries?outcome=failed", own);
        Assert.Contains(onlyFailed, a => a.MessageId == failed.MessageId);
        Assert.DoesNotContain(onlyFailed, a => a.MessageId == delivered.MessageId);
    }

    [Fact]
    public async Task a_department_pings_only_its_own_webhook_and_only_a_webhook()
    {
        const string code = "overseas-chinese-affairs";
        var before = await hub.EventCount();

        Assert.Equal(Problems.ForbiddenType, (await Ping(code, hub.Department("tax"), 403)).Problem().Type);
        await Ping(code, hub.Keys.Coordinator, 403);
        var planning = hub.Department("planning-resources");
        await Put("planning-resources", new DeliverySettings(DeliveryModes.Inbox), planning);
        Assert.Equal(Problems.ConflictType,
            (await Ping("planning-resources", planning, 409)).Problem().Type);
        Assert.Equal(before, await hub.EventCount());
        // EventCount leaves the delivery streams out, where a ping's attempt would go: no refused ping is logged.
        foreach (var (unit, key) in new[] { (code, hub.Department(code)), ("planning-resources", planning) })
            Assert.DoesNotContain(await hub.Host.All<DeliveryAttempt>("/api/deliveries", key),
                a => a.Kind == MessageKinds.DeliveryPing);
    }

    [Fact]
    public async Task the_log_pages_newest_first_filters_by_outcome_and_time_and_shows_the_callers_own_only()
    {
        const string code = "ethnic-religious-affairs";
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var seeded = new List<(Guid Message, string Outcome, DateTimeOffset At)>();
        await using (var session = hub.Store.LightweightSession())
        {
            for (var i = 0; i < 160; i++)
            {
                var message = Guid.CreateVersion7();
                var at = Pages.SeededTime(start, i);
                object attempt = i % 3 == 0
                    ? new DeliveryAttemptFailed(message, code, "work-item", 1, "answered 500", at)
                    : new MessageDelivered(message, code, "work-item", DeliveryModes.Webhook, 1, 12.5, at);
                session.Events.Append($"delivery/{code}/{message}", attempt);
                seeded.Add((message, i % 3 == 0 ? DeliveryOutcomes.Failed : DeliveryOutcomes.Delivered, at));
            }
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var own = hub.Department(code);
        const string window = "from=2026-03-01T08:00:00Z&to=2026-03-01T09:00:00Z";

        var all = await hub.Host.All<DeliveryAttempt>($"/api/deliveries?{window}", own);
        var failed = await hub.Host.All<DeliveryAttempt>($"/api/deliveries?outcome=failed&{window}", own);
        var early = await hub.Host.All<DeliveryAttempt>(
            "/api/deliveries?from=2026-03-01T08:00:00Z&to=2026-03-01T08:00:10Z", own, limit: 7);

        Assert.Equal(seeded.Select(s => s.Message).Order(), all.Select(a => a.MessageId).Order());
        Assert.Equal(all.InListOrder(a => a.At, a => a.Id, newestFirst: true), all);
        Assert.Equal(seeded.Where(s => s.Outcome == DeliveryOutcomes.Failed).Select(s => s.Message).Order(),
            failed.Select(a => a.MessageId).Order());
        Assert.Equal(seeded.Where(s => s.At < start.AddSeconds(10)).Select(s => s.Message).Order(),
            early.Select(a => a.MessageId).Order());
        var others = await hub.Host.All<DeliveryAttempt>($"/api/deliveries?{window}", hub.Department("tax"));
        Assert.DoesNotContain(others, a => seeded.Any(s => s.Message == a.MessageId));
    }

    [Fact]
    public async Task a_time_range_finds_an_attempt_at_its_bounds_to_the_tick()
    {
        const string code = "ethnic-religious-affairs";
        var message = Guid.CreateVersion7();
        // Seven digits, the last of them 5 or more: PostgreSQL rounds the stored time up to .123457.
        var at = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        await using (var session = hub.Store.LightweightSession())
        {
            session.Events.Append($"delivery/{code}/{message}",
                new MessageDelivered(message, code, "work-item", DeliveryModes.Webhook, 1, 3, at));
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var found = await hub.Host.All<DeliveryAttempt>(
            "/api/deliveries?from=2026-03-02T08:00:00.1234567Z&to=2026-03-02T08:00:00.1234577Z", hub.Department(code));

        Assert.Equal([message], found.Select(a => a.MessageId));
    }

    [Fact]
    public async Task the_log_refuses_bad_filters_and_paging_and_other_roles()
    {
        var own = hub.Department("ethnic-religious-affairs");
        await hub.Host.RefusesBadPaging("/api/deliveries", own, ListDeliveriesEndpoint.List);
        Assert.Contains("outcome", (await hub.Host.Get("/api/deliveries?outcome=lost", own, 400))
            .Problem().Errors.Keys);
        Assert.Contains("from", (await hub.Host.Get("/api/deliveries?from=yesterday", own, 400)).Problem().Errors.Keys);
        Assert.Contains("to", (await hub.Host.Get("/api/deliveries?from=2026-03-02&to=2026-03-01", own, 400))
            .Problem().Errors.Keys);
        await hub.Host.Get("/api/deliveries", hub.Keys.Coordinator, 403);
        await hub.Host.Get("/api/deliveries", hub.Keys.DataCentre, 403);
        await hub.Host.Get("/api/deliveries", null, 401);
    }

    [Fact]
    public async Task a_department_replays_its_own_dead_letters_once_its_webhook_is_back_and_not_anothers()
    {
        const string code = "state-grid-tianjin";
        var own = hub.Department(code);
        var status = 500;
        await using var receiver = await TestReceiver.Start(http =>
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        await Put(code, new DeliverySettings(DeliveryModes.Webhook, receiver.Url(), Secret), own);
        var message = DeliverToDepartment.Compose("own-view-test", code, "own-view", DateTimeOffset.UtcNow,
            new { note = "dead-lettered on purpose" });
        using (var scope = hub.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(DeliverToDepartment.To(message));

        var dead = await LiveHub.Eventually(
            async () => (await hub.Host.Get($"/api/departments/{code}/dead-letters", own))
                .Read<Page<DepartmentDeadLetter>>().Items.FirstOrDefault(d => d.MessageId == message.MessageId),
            d => d is not null, TimeSpan.FromSeconds(30), "the message dead-lettered");
        Assert.Equal((DeadLetterStates.Dead, "own-view-test"), (dead!.State, dead.Kind));
        var coordinatorsView = (await hub.Host.Get($"/api/dead-letters?department={code}", hub.Keys.Coordinator))
            .Read<DeadLetterList>();
        Assert.Contains(coordinatorsView.DeadLetters, d => d.Id == dead.Id);

        // Another department neither sees nor replays it.
        var tax = hub.Department("tax");
        await hub.Host.Get($"/api/departments/{code}/dead-letters", tax, 403);
        await hub.Host.Post($"/api/departments/{code}/dead-letters/replay", new ReplayDeadLetters([dead.Id]), tax, 403);
        (await hub.Host.Post("/api/departments/tax/dead-letters/replay", new ReplayDeadLetters([dead.Id]), tax, 404))
            .Problem();
        Assert.DoesNotContain((await hub.Host.Get("/api/departments/tax/dead-letters", tax))
            .Read<Page<DepartmentDeadLetter>>().Items, d => d.Id == dead.Id);
        (await hub.Host.Post($"/api/departments/{code}/dead-letters/replay", new ReplayDeadLetters([]), own, 400))
            .Problem();

        status = 200;
        await hub.Host.Post($"/api/departments/{code}/dead-letters/replay", new ReplayDeadLetters([dead.Id]), own,
            202);
        await LiveHub.Eventually(() => Task.FromResult(receiver.Requests.Count(r => Sent(r, message.MessageId))),
            n => n >= 5, TimeSpan.FromSeconds(30), "the replayed message delivered");
        var replayed = (await hub.Host.Get($"/api/departments/{code}/dead-letters?state=replayed", own))
            .Read<Page<DepartmentDeadLetter>>().Items.Single(d => d.Id == dead.Id);
        Assert.NotNull(replayed.ReplayedAt);
        (await hub.Host.Post($"/api/departments/{code}/dead-letters/replay", new ReplayDeadLetters([dead.Id]), own,
            409)).Problem();
        var attempts = (await hub.Host.All<DeliveryAttempt>("/api/deliveries", own))
            .Where(a => a.MessageId == message.MessageId).Reverse().Select(a => a.Outcome).ToList();
        Assert.Equal([.. Enumerable.Repeat(DeliveryOutcomes.Failed, 4), DeliveryOutcomes.Delivered], attempts);
        Assert.Contains("state", (await hub.Host.Get($"/api/departments/{code}/dead-letters?state=lost", own, 400))
            .Problem().Errors.Keys);
        await hub.Host.RefusesBadPaging($"/api/departments/{code}/dead-letters", own, ListOwnDeadLettersEndpoint.List);
    }

    private static bool Sent(TestReceiver.Received r, Guid id) =>
        Encoding.UTF8.GetString(r.Body).Contains(id.ToString(), StringComparison.Ordinal);
}
