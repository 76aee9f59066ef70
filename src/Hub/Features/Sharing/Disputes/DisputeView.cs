using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

/// <summary>A dispute as its parties read it (a read model: decisions use <see cref="Dispute"/>).</summary>
public sealed class DisputeView
{
    public string Id { get; set; } = "";
    public DisputeStatus Status { get; set; } = null!;
}

public sealed class DisputeProjection : SingleStreamProjection<DisputeView, string>
{
    public static DisputeView Create(DisputeRaised e) => new()
    {
        Id = e.Id,
        Status = new DisputeStatus(e.Id, e.Subject, e.Kind, e.Consumer, e.Provider, "open", e.Position, e.RaisedAt,
            e.DueAt, Resource: e.Resource),
    };

    public static void Apply(DisputePositionStated e, DisputeView v) =>
        v.Status = v.Status with { ProviderPosition = e.Position };

    public static void Apply(DisputeRuled e, DisputeView v) =>
        v.Status = v.Status with { State = "ruled", Decision = e.Decision, ForConsumer = e.ForConsumer };

    public static void Apply(DisputeRulingBreached e, DisputeView v) => v.Status = v.Status with { Breached = true };
}
