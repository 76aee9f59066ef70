using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Access;

public static class AccessStore
{
    /// <summary>API keys: the authentication read model inline; <see cref="ApiKeyState"/> is aggregated live.</summary>
    public static StoreOptions AddAccess(this StoreOptions opts)
    {
        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
