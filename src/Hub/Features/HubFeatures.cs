using Marten;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Calendar;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Drafts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Materials;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Features.Seeds;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features;

/// <summary>
/// The event store as the hub runs it: the base of <see cref="HubStore"/>, then every feature's own projections and
/// documents. One place, so that a store built elsewhere (a test reading events of an older release) is the same.
/// </summary>
public static class HubFeatures
{
    public static void ConfigureStore(StoreOptions opts, HubOptions hub)
    {
        HubStore.Configure(opts, hub);
        opts.AddAccess().AddDepartments().AddCatalog().AddDelivery().AddSeeds();
        opts.AddApplications().AddLicences().AddSharing();
        opts.AddMaterials().AddDrafts().AddCalendar();
        // Last: the figures read the events every other feature declares.
        opts.AddMetrics();
    }
}
