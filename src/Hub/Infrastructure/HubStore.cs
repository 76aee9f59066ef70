using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Departments;
using Weasel.Core;

namespace OneThing.Hub.Infrastructure;

/// <summary>The event store: string stream keys (codes and GUIDs), full event metadata, the projections of every feature.</summary>
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

        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<DepartmentProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<CatalogEditionProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<DeliveryChannelProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ApplicationViewProjection>(ProjectionLifecycle.Inline);

        opts.Schema.For<InboxItem>().Index(x => x.Department).Index(x => x.EnqueuedAt);
        opts.Schema.For<WebhookSecret>();
    }
}
