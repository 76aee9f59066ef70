using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Access;

public static class AccessStore
{
    /// <summary>API keys: the authentication read model inline; <see cref="ApiKeyState"/> is aggregated live. A unit's
    /// key list (ListKeys) is one index seek.</summary>
    public static StoreOptions AddAccess(this StoreOptions opts)
    {
        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<ApiKey>().Listed("department_listed", x => x.Department, x => x.IssuedAt, x => x.Id);
        opts.Events.AddEventType<ApiKeyRotated>();
        // Enrolments are decided on their live stream; no read model holds their code hashes.
        opts.Events.AddEventType<Enrolments.EnrolmentOpened>();
        opts.Events.AddEventType<Enrolments.EnrolmentApproved>();
        opts.Events.AddEventType<Enrolments.EnrolmentRedeemed>();
        return opts;
    }
}
