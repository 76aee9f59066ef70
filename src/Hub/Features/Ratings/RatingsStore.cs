using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Ratings;

public static class RatingsStore
{
    /// <summary>
    /// 好差评: a rectification's decision state folds live on every write; its view is inline (a department reads
    /// its own reply), found by the rated department, the front office, its state and whether it is overdue. The
    /// figures per department are async, a shard of their own: a hub that gains them builds them from the whole
    /// event log on its first start, with no rebuild of the other figures.
    /// </summary>
    public static StoreOptions AddRatings(this StoreOptions opts)
    {
        opts.Projections.Add<RectificationDecisions>(ProjectionLifecycle.Live);
        opts.Projections.Add<RectificationViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<RectificationView>()
            .Index(x => x.Department).Index(x => x.FrontOffice).Index(x => x.State).Index(x => x.Overdue);
        opts.Projections.Add<RatingFiguresProjection>(ProjectionLifecycle.Async);
        return opts;
    }
}
