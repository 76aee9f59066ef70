using System.Net;
using Alba;
using System.Text;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Infrastructure.Decisions;

namespace OneThing.Hub.Tests.Delivery;

/// <summary>A department names its webhook's URL: the hub must not be made to call inside its own network, to
/// follow a redirect there, or to wait on an answer without end.</summary>
public sealed class guarding_webhooks(HubFixture hub)
{
    private static DepartmentMessage Message() => DeliverToDepartment.Compose(MessageKinds.WorkItem, "water",
        "guarding-webhooks", DateTimeOffset.UtcNow, new { note = "a test message" });

    private static HttpClient Client(bool embedded, TimeSpan? timeout = null) =>
        new(WebhookClient.Handler(allowLoopback: embedded)) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:10.0.0.1")]
    public void private_loopback_link_local_and_metadata_addresses_are_refused(string address) =>
        Assert.NotNull(WebhookAddresses.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Fact]
    public void public_addresses_pass_and_loopback_only_in_the_embedded_mode()
    {
        Assert.Null(WebhookAddresses.Refusal(IPAddress.Parse("93.184.216.34"), allowLoopback: false));
        Assert.Null(WebhookAddresses.Refusal(IPAddress.Parse("2606:2800:220:1::1"), allowLoopback: false));
        Assert.Null(WebhookAddresses.Refusal(IPAddress.Parse("127.0.0.1"), allowLoopback: true));
        Assert.Null(WebhookAddresses.Refusal(IPAddress.Parse("::1"), allowLoopback: true));
        Assert.NotNull(WebhookAddresses.Refusal(IPAddress.Parse("10.0.0.1"), allowLoopback: true));
        Assert.NotNull(WebhookAddresses.Refusal(IPAddress.Parse("169.254.169.254"), allowLoopback: true));
    }

    [Theory]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[fd00:ec2::254]/latest/meta-data/")]
    public async Task a_webhook_on_a_private_or_metadata_address_is_refused_when_configured(string url)
    {
        var water = hub.Department("water");
        var before = await hub.EventCount();

        var problem = (await hub.Host.Scenario(s =>
        {
            s.Put.Json(new DeliverySettings(DeliveryModes.Webhook, url, "a-secret-of-sixteen"), JsonStyle.MinimalApi)
                .ToUrl("/api/departments/water/delivery");
            s.WithRequestHeader("Authorization", $"Bearer {water}");
            s.StatusCodeShouldBe(400);
        })).Problem();

        Assert.Equal(Problems.ValidationType, problem.Type);
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public void localhost_is_refused_when_configured_outside_the_embedded_mode()
    {
        var water = Caller("water", Roles.Department);
        var production = new HubOptions { Database = "" };
        var embedded = new HubOptions { Database = "", AllowLoopbackWebhooks = true };
        var local = new DeliverySettings(DeliveryModes.Webhook, "https://localhost:9000/hook", "a-secret-of-sixteen");

        Refused(ConfigureDeliveryEndpoint.Validate("water", local, water, production), 400, Problems.ValidationType);
        Refused(ConfigureDeliveryEndpoint.Validate("water", local with { Url = "https://127.0.0.1/hook" }, water,
            production), 400, Problems.ValidationType);
        Fine(ConfigureDeliveryEndpoint.Validate("water", local, water, embedded));
    }

    [Fact]
    public async Task a_host_name_resolving_to_127_0_0_1_is_refused_at_connect_time_outside_the_embedded_mode()
    {
        await using var receiver = await TestReceiver.Start(_ => Task.CompletedTask);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => DeliverToDepartmentHandler.Post(
            Client(embedded: false), receiver.Url(), Message(), "a-secret-of-sixteen", CancellationToken.None));

        Assert.Contains("loopback", refused.Message);
        Assert.Empty(receiver.Requests);
        // The same receiver, the same name, in the embedded mode: the refusal above was the address check's.
        await DeliverToDepartmentHandler.Post(Client(embedded: true), receiver.Url(), Message(), "a-secret-of-sixteen",
            CancellationToken.None);
        Assert.Single(receiver.Requests);
    }

    [Theory]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    public async Task private_and_metadata_addresses_are_refused_at_connect_time_even_in_the_embedded_mode(string url)
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => DeliverToDepartmentHandler.Post(
            Client(embedded: true), url, Message(), null, CancellationToken.None));

        Assert.Contains("refused", refused.Message);
    }

    [Fact]
    public async Task a_redirect_is_a_failed_delivery_and_is_not_followed()
    {
        await using var receiver = await TestReceiver.Start(http =>
        {
            if (http.Request.Path == "/hook") http.Response.Redirect("/elsewhere", permanent: false);
            return Task.CompletedTask;
        });
        var client = hub.Host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookClient.Name);

        var failed = await Assert.ThrowsAsync<DeliveryFailedException>(() => DeliverToDepartmentHandler.Post(
            client, receiver.Url(), Message(), "a-secret-of-sixteen", CancellationToken.None));

        Assert.Contains("302", failed.Message);
        Assert.Equal(["/hook"], receiver.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task an_endless_answer_is_read_only_so_far()
    {
        long written = 0;
        await using var receiver = await TestReceiver.Start(async http =>
        {
            var chunk = new byte[16 * 1024];
            while (!http.RequestAborted.IsCancellationRequested && written < 1L << 30)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
                Interlocked.Add(ref written, chunk.Length);
            }
        });
        var started = System.Diagnostics.Stopwatch.StartNew();

        await DeliverToDepartmentHandler.Post(Client(embedded: true), receiver.Url(), Message(), null,
            CancellationToken.None);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.True(Interlocked.Read(ref written) < 64L << 20, $"{written} bytes were sent before the hub hung up");
    }

    [Fact]
    public async Task a_slow_answer_fails_the_attempt_within_the_timeout()
    {
        await using var receiver = await TestReceiver.Start(async http =>
        {
            await http.Response.StartAsync(http.RequestAborted);
            while (!http.RequestAborted.IsCancellationRequested)
            {
                await http.Response.Body.WriteAsync("."u8.ToArray(), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(200, http.RequestAborted);
            }
        });
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DeliverToDepartmentHandler.Post(
            Client(embedded: true, TimeSpan.FromSeconds(1)), receiver.Url(), Message(), null, CancellationToken.None));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task a_captured_delivery_replayed_is_rejected_by_the_documented_receiver_check()
    {
        await using var receiver = await TestReceiver.Start(_ => Task.CompletedTask);
        const string secret = "a-secret-of-sixteen";
        var message = Message();
        await DeliverToDepartmentHandler.Post(Client(embedded: true), receiver.Url(), message, secret,
            CancellationToken.None);
        var captured = Assert.Single(receiver.Requests);
        var (timestamp, signature) = (captured.Headers[WebhookSignature.TimestampHeader],
            captured.Headers[WebhookSignature.SignatureHeader]);
        var clock = new MovableClock();
        var check = new WebhookReceiver(secret, clock);

        Assert.Equal(WebhookCheck.Accepted, check.Check(timestamp, signature, message.MessageId, captured.Body));
        // The same delivery again at once, and later to a receiver that has forgotten it: both refused.
        Assert.Equal(WebhookCheck.Duplicate, check.Check(timestamp, signature, message.MessageId, captured.Body));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(WebhookCheck.Stale,
            new WebhookReceiver(secret, clock).Check(timestamp, signature, message.MessageId, captured.Body));
        // A fresh timestamp on the captured signature, or the body altered: the signature no longer matches.
        var fresh = clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        Assert.Equal(WebhookCheck.BadSignature,
            new WebhookReceiver(secret, clock).Check(fresh, signature, message.MessageId, captured.Body));
        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(captured.Body).Replace("a test", "a forged"));
        Assert.Equal(WebhookCheck.BadSignature,
            new WebhookReceiver(secret).Check(timestamp, signature, message.MessageId, altered));
        Assert.Equal(WebhookCheck.Unsigned, new WebhookReceiver(secret).Check(null, signature, message.MessageId,
            captured.Body));
    }

    [Fact]
    public void the_signature_covers_the_timestamp_and_the_body_in_the_documented_form()
    {
        // docs/WEBHOOKS.md: v1= and hex HMAC-SHA256(secret, "<timestamp>." + body); the Java and Python examples
        // there are checked against this value.
        var signature =
            WebhookSignature.Sign("a-secret-of-sixteen", 1767225600, "{\"kind\":\"work-item\"}"u8.ToArray());

        Assert.Equal("v1=8db9f870e1f7b7760b03c9ba351b47e5a5a1053fde67a7a2f6c15ac52fcd3d50", signature);
    }

    private sealed class MovableClock : TimeProvider
    {
        private TimeSpan _offset;
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
        public void Advance(TimeSpan by) => _offset += by;
    }
}
