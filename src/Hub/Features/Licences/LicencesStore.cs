using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using OneThing.Hub.Features.Licences.SigningKeys;
using OneThing.Hub.Features.Licences.Subscriptions;

namespace OneThing.Hub.Features.Licences;

public static class LicencesStore
{
    /// <summary>The licences' read models, all inline: a push, a pull and a verification see their own writes.
    /// Decisions are taken from <see cref="Licence"/>, aggregated live from the licence's stream.</summary>
    public static StoreOptions AddLicences(this StoreOptions opts)
    {
        // Moved to namespaces of their own: stored rows name the old .NET type, so Marten must know them by their
        // type name before it reads one (found by Contracts/events_stored_by_round_1).
        opts.Events.AddEventType<SigningKeyRegistered>();
        opts.Events.AddEventType<SigningKeyApproved>();
        opts.Events.AddEventType<SigningKeyRevoked>();
        opts.Events.AddEventType<LicenceSubscriptionChanged>();
        opts.Projections.Add<LicenceProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<LicenceRecipientsProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<SigningKeyProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<LicenceSubscriptionProjection>(ProjectionLifecycle.Inline);
        // One licence per type and number, whatever two pushes at the same moment find when they check.
        opts.Schema.For<LicenceView>().Index(x => x.HolderKey)
            .UniqueIndex(UniqueIndexType.Computed, "licence_type_number", x => x.Type, x => x.Number);
        return opts;
    }
}
