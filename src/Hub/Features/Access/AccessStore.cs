using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Access;

public static class AccessStore
{
    /// <summary>API keys: the authentication read model inline; <see cref="ApiKeyState"/> is aggregated live.</summary>
    public static StoreOptions AddAccess(this StoreOptions opts)
    {
        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
        opts.Events.AddEventType<ApiKeyRotated>();
        // Enrolments are decided on their live stream; no read model holds their code hashes.
        opts.Events.AddEventType<Enrolments.EnrolmentOpened>();
        opts.Events.AddEventType<Enrolments.EnrolmentApproved>();
        opts.Events.AddEventType<Enrolments.EnrolmentRedeemed>();
        return opts;
    }
}
