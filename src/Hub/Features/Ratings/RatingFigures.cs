using Marten.Events.Projections;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Ratings;

/// <summary>
/// One department's 好差评, kept by the async daemon: its services' ratings by level (in the order of
/// <see cref="RatingLevels.All"/>, an annulled one taken out again), and its rectifications. <see cref="Open"/> holds
/// the unfinished ones (open, appealed or replied, until followed up or annulled) with their rating's level.
/// </summary>
public sealed class RatingFigures
{
    public string Id { get; set; } = "";
    public long[] Levels { get; set; } = new long[5];
    public long Annulled { get; set; }
    public long Rectifications { get; set; }
    public Dictionary<string, string> Open { get; set; } = [];
    public HashSet<string> OverdueNow { get; set; } = [];
    public long RepliedInTime { get; set; }
    public long RepliedLate { get; set; }
    public long Appeals { get; set; }
    public long AppealsUpheld { get; set; }
    public long Resolved { get; set; }
    public long Unresolved { get; set; }

    /// <summary>The ratings that count.</summary>
    public long Count() => Levels.Sum();

    /// <summary>好评率: 非常满意, 满意 and 基本满意 over all ratings that count.</summary>
    public static double? SatisfactionRate(long[] levels) =>
        levels.Sum() is var all and > 0 ? Math.Round((double)levels.Take(3).Sum() / all, 4) : null;

    public static RatingCounts Counts(long[] levels) => new(levels[0], levels[1], levels[2], levels[3], levels[4]);
}

public sealed class RatingFiguresProjection : MultiStreamProjection<RatingFigures, string>
{
    public RatingFiguresProjection()
    {
        Identities<ServiceRated>(e => e.Departments);
        Identity<RectificationOpened>(e => e.Department);
        Identity<RectificationOverdue>(e => e.Department);
        Identity<RectificationReplied>(e => e.Department);
        Identity<RectificationAppealed>(e => e.Department);
        Identity<RectificationAppealDecided>(e => e.Department);
        Identity<RectificationFollowedUp>(e => e.Department);
    }

    public static void Apply(RatingFigures f, ServiceRated e) => f.Levels[Index(e.Level)]++;

    public static void Apply(RatingFigures f, RectificationOpened e)
    {
        f.Rectifications++;
        f.Open[e.Id] = e.Level;
    }

    public static void Apply(RatingFigures f, RectificationOverdue e) => f.OverdueNow.Add(e.Id);

    public static void Apply(RatingFigures f, RectificationReplied e)
    {
        f.OverdueNow.Remove(e.Id);
        if (e.InTime) f.RepliedInTime++;
        else f.RepliedLate++;
    }

    public static void Apply(RatingFigures f, RectificationAppealed e) => f.Appeals++;

    public static void Apply(RatingFigures f, RectificationAppealDecided e)
    {
        if (!e.Upheld) return;
        // The rating was not the department's to answer for: it leaves the department's figures.
        f.AppealsUpheld++;
        if (f.Open.Remove(e.Id, out var level) && f.Levels[Index(level)] > 0)
        {
            f.Levels[Index(level)]--;
            f.Annulled++;
        }
        f.OverdueNow.Remove(e.Id);
    }

    public static void Apply(RatingFigures f, RectificationFollowedUp e)
    {
        f.Open.Remove(e.Id);
        if (e.Result == FollowUpResults.Resolved) f.Resolved++;
        else f.Unresolved++;
    }

    private static int Index(string level) => RatingLevels.All.ToList().IndexOf(level);
}
