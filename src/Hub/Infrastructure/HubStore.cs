using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Features.Metrics;
using Weasel.Core;

namespace OneThing.Hub.Infrastructure;

/// <summary>The event store: string stream keys (codes and GUIDs), full event metadata, the projections of every feature.</summary>
public static class HubStore
{
    /// <summary>The async daemon's one shard of the big data centre's figures (rebuild it by this name).</summary>
    public const string FiguresShard = "Figures";

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
        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<DepartmentProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<CatalogEditionProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<DeliveryChannelProjection>(ProjectionLifecycle.Inline);
        opts.AddApplications();
        opts.AddLicences();
        opts.AddSharing();

        // The big data centre's figures: kept by the async daemon, never computed from raw events at read time.
        // An append wakes the daemon's high-water agent through LISTEN/NOTIFY instead of waiting for its next poll
        // (250 ms busy, 1 s quiet); polling stays as the fallback (docs/BENCHMARKS.md).
        opts.Events.UseListenNotifyForEventAppends = hub.DaemonNotify;
        opts.Projections.FastPollingTime = hub.DaemonPolling;
        // The six figure projections read the same events: run together as one composite shard, they share one
        // event fetch, one transaction and one wake-up per batch instead of six (docs/BENCHMARKS.md).
        opts.Projections.CompositeProjectionFor(FiguresShard, figures =>
        {
            figures.Add<DepartmentFiguresProjection>();
            figures.Add<ResourceFiguresProjection>();
            figures.Add<OneThingFiguresProjection>();
            figures.Add<DayFiguresProjection>();
            figures.Add<YearFiguresProjection>();
            figures.Add(new SlaBreachProjection());
        });
        opts.Schema.For<SlaBreachDoc>().Index(x => x.NoticedAt);
        opts.Projections.Add<ServiceSlaProjection>(ProjectionLifecycle.Inline);

        opts.Schema.For<InboxItem>().Index(x => x.Department).Index(x => x.EnqueuedAt);
        opts.Schema.For<WebhookSecret>();
        opts.Schema.For<SeedMark>();
    }
}
