using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Catalog;

public static class CatalogStore
{
    /// <summary>Editions are read whole (one a year), from the inline read model.</summary>
    public static StoreOptions AddCatalog(this StoreOptions opts)
    {
        opts.Projections.Add<CatalogEditionProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
