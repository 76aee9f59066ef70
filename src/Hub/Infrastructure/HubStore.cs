using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Sharing;
using Weasel.Core;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// The event store's base: string stream keys (codes and GUIDs), full event metadata, the async daemon's wake-ups.
/// Each feature adds its own projections and documents (Program.cs).
/// </summary>
public static class HubStore
{
    public static void Configure(StoreOptions opts, HubOptions hub)
    {
        opts.Connection(hub.Database);
        opts.DatabaseSchemaName = "hub";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Listeners.Add(new Idempotency.CommitMark());

        // An append wakes the daemon's high-water agent through LISTEN/NOTIFY instead of waiting for its next poll
        // (250 ms busy, 1 s quiet); polling stays as the fallback (docs/BENCHMARKS.md).
        opts.Events.UseListenNotifyForEventAppends = hub.DaemonNotify;
        opts.Projections.FastPollingTime = hub.DaemonPolling;

        opts.Projections.Add<ApplicationViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<LicenceProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<LicenceRecipientsProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<SigningKeyProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<LicenceSubscriptionProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ResourceProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ShareRequestProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ExchangeProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<QualityReportProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<DisputeProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<ExchangePickup>();
        opts.Listeners.Add(new ExchangeSignals.Listener());
        // One licence per type and number, whatever two pushes at the same moment find when they check.
        opts.Schema.For<LicenceView>().Index(x => x.HolderKey).UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "licence_type_number", x => x.Type, x => x.Number);
        opts.Schema.For<ApplicationView>().Index(x => x.Applicant.IdNumber);
    }
}
