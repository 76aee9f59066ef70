using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Features.Licences;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Drafts;

public static class DraftsStore
{
    /// <summary>The decision state folds live on every write; the list is inline, found by front office.</summary>
    public static StoreOptions AddDrafts(this StoreOptions opts)
    {
        opts.Projections.LiveStreamAggregation<Draft>();
        opts.Projections.Add<DraftViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<DraftView>().Index(x => x.FrontOffice).Index(x => x.SortKey);
        return opts;
    }

    /// <summary>
    /// 免申即享 reads issued licences through a Marten subscription relayed to Wolverine: the async daemon runs it on
    /// one node at a time (Wolverine spreads subscriptions over the nodes) and keeps its progress, so each licence is
    /// looked at once; the drafts' stream ids make a replayed event harmless anyway. A hub that gains the feature
    /// starts from the present: the licences it held before opened nothing then, and open nothing now.
    /// </summary>
    public static IServiceCollection AddDraftTriggers(this IServiceCollection services) =>
        services.PublishEventsToWolverine("drafts", relay =>
        {
            relay.PublishEvent<LicenceIssued>();
            relay.Options.SubscribeFromPresent();
        });
}
