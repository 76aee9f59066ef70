using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Hub.Features.Audit;

namespace OneThing.Hub.Features.Delivery;

/// <summary>
/// A department chose how it receives work. The event keeps a fingerprint of the webhook secret, never the secret:
/// the secret itself is sealed with the hub's key in a <see cref="WebhookSecret"/> document, which audit exports
/// do not include.
/// </summary>
public sealed record DeliveryChannelConfigured(
    string Department,
    string Mode,
    string? Url,
    string? SecretFingerprint,
    string ConfiguredBy,
    DateTimeOffset ConfiguredAt);

public sealed class DeliveryChannelView : IDigestedDocument
{
    public string Id { get; set; } = "";
    public string Department { get; set; } = "";
    public string Mode { get; set; } = "";
    public string? Url { get; set; }
    public string? SecretFingerprint { get; set; }
    public DateTimeOffset ConfiguredAt { get; set; }
    public string? Digest { get; set; }

    public static string StreamKey(string department) => $"delivery/{department}";
}

public sealed class DeliveryChannelProjection : SingleStreamProjection<DeliveryChannelView, string>
{
    public override DeliveryChannelView ApplyMetadata(DeliveryChannelView view, IEvent lastEvent) =>
        DocumentDigests.Stamp(view);

    public static DeliveryChannelView Create(IEvent<DeliveryChannelConfigured> e) =>
        Apply(e, new DeliveryChannelView { Id = e.StreamKey! });

    public static DeliveryChannelView Apply(IEvent<DeliveryChannelConfigured> e, DeliveryChannelView view)
    {
        view.Department = e.Data.Department;
        view.Mode = e.Data.Mode;
        view.Url = e.Data.Url;
        view.SecretFingerprint = e.Data.SecretFingerprint;
        view.ConfiguredAt = e.Data.ConfiguredAt;
        return view;
    }
}

/// <summary>The webhook secret of a department, sealed with the hub's key; its id is the department code.</summary>
public sealed class WebhookSecret
{
    public string Id { get; set; } = "";
    public string Sealed { get; set; } = "";
}
