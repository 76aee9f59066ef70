using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Infrastructure.Decisions;

namespace OneThing.Hub.Tests.Delivery;

public sealed class choosing_a_channel(HubFixture hub)
{
    private HubOptions Options => hub.Host.Services.GetRequiredService<HubOptions>();

    [Fact]
    public void a_department_chooses_its_own_channel_a_https_webhook_with_a_secret_or_its_inbox()
    {
        var water = Caller("water", Roles.Department);
        const string secret = "a-secret-of-sixteen";

        Refused(ConfigureDeliveryEndpoint.Validate("tax", new(DeliveryModes.Inbox), water, Options), 403,
            Problems.ForbiddenType);
        Refused(ConfigureDeliveryEndpoint.Validate("water", new(DeliveryModes.Inbox, Secret: secret), water, Options),
            400, Problems.ValidationType);
        var plain = new DeliverySettings(DeliveryModes.Webhook, "http://water.example/in", secret);
        Refused(ConfigureDeliveryEndpoint.Validate("water", plain, water, Options), 400, Problems.ValidationType);
        var weak = new DeliverySettings(DeliveryModes.Webhook, "https://water.example/in", "short");
        Refused(ConfigureDeliveryEndpoint.Validate("water", weak, water, Options), 400, Problems.ValidationType);
        Refused(ConfigureDeliveryEndpoint.Validate("water", new("carrier-pigeon"), water, Options), 400,
            Problems.ValidationType);
        Fine(ConfigureDeliveryEndpoint.Validate("water", new(DeliveryModes.Inbox), water, Options));
        Fine(ConfigureDeliveryEndpoint.Validate("water", new(DeliveryModes.Webhook, "https://water.example/in", secret),
            water, Options));
    }

    [Fact]
    public void a_webhook_is_recorded_with_the_secrets_fingerprint_and_the_secret_sealed_beside_it()
    {
        var box = hub.Host.Services.GetRequiredService<SecretBox>();
        var settings = new DeliverySettings(DeliveryModes.Webhook, "https://water.example/in", "a-secret-of-sixteen");
        var (answer, append, secret) =
            ConfigureDeliveryEndpoint.Put("water", settings, Caller("water", Roles.Department), box, Clock);

        Assert.Equal(new DeliveryChannel("water", DeliveryModes.Webhook, Now, settings.Url,
            box.Fingerprint(settings.Secret!)), answer);
        var stream = Assert.Single(Streams(hub.Store, append));
        Assert.Equal(DeliveryChannelView.StreamKey("water"), stream.Key);
        var configured = Assert.IsType<DeliveryChannelConfigured>(Assert.Single(stream.Events).Data);
        Assert.DoesNotContain(settings.Secret!, System.Text.Json.JsonSerializer.Serialize(configured));
        var sealedSecret = (WebhookSecret)Assert.IsType<Wolverine.Marten.StoreDoc<WebhookSecret>>(secret).Document;
        Assert.Equal(settings.Secret, box.Open(sealedSecret.Sealed));
    }

    [Fact]
    public void an_inbox_forgets_the_webhooks_secret()
    {
        var (_, _, secret) = ConfigureDeliveryEndpoint.Put("water", new(DeliveryModes.Inbox),
            Caller("water", Roles.Department), hub.Host.Services.GetRequiredService<SecretBox>(), Clock);

        Assert.IsType<Wolverine.Marten.DeleteDocById<WebhookSecret>>(secret);
    }
}
