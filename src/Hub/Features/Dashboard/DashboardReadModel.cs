using OneThing.Contracts;

namespace OneThing.Hub.Features.Dashboard;

/// <summary>What one One Thing's figures add to the totals (read from its <c>OneThingFigures</c> document).</summary>
public sealed record OneThingTotals(long Applications, long Finished, long[] Ratings, long FieldsFilled = 0,
    long MaterialsSpared = 0);

/// <summary>What one department's figures add to the totals (from its <c>DepartmentFigures</c> document).</summary>
public sealed record DepartmentTotals(long ServicesCompleted, long CompletedWithinLimit, long ExchangesAnswered);

/// <summary>What one department's 好差评 figures add to the totals (from its <c>RatingFigures</c> document): ratings
/// by level, best first, and its open and overdue rectifications.</summary>
public sealed record RatingTotals(long[] Levels, int Open, int Overdue);

/// <summary>The One Things of one published catalog edition, by code and name.</summary>
public sealed record EditionNames(string Edition, IReadOnlyList<DashboardName> OneThings);

/// <summary>The dashboard's read model: totals and names computed from the figures and the catalog, so that the
/// browser shows them as they are.</summary>
public static class DashboardReadModel
{
    public const int Scores = 5;

    public static DashboardSummary Of(
        Contracts.Freshness freshness,
        IReadOnlyList<OneThingTotals> oneThings,
        IReadOnlyList<DepartmentTotals> departments,
        IReadOnlyList<EditionNames> editions,
        IReadOnlyList<DashboardName> departmentNames) =>
        new(freshness, Totals(oneThings, departments), OneThingNames(editions),
            [.. departmentNames.OrderBy(d => d.Code, StringComparer.Ordinal)]);

    public static DashboardTotals Totals(
        IReadOnlyList<OneThingTotals> oneThings,
        IReadOnlyList<DepartmentTotals> departments)
    {
        var ratings = new long[Scores];
        foreach (var thing in oneThings)
            for (var i = 0; i < Math.Min(Scores, thing.Ratings.Length); i++) ratings[i] += thing.Ratings[i];
        var count = ratings.Sum();
        var completed = departments.Sum(d => d.ServicesCompleted);
        var within = departments.Sum(d => d.CompletedWithinLimit);
        return new DashboardTotals(
            oneThings.Sum(t => t.Applications),
            oneThings.Sum(t => t.Finished),
            completed,
            within,
            departments.Sum(d => d.ExchangesAnswered),
            ratings,
            count,
            // Rounded as the other metrics routes round their rates and averages.
            completed == 0 ? null : Math.Round((double)within / completed, 4),
            count == 0 ? null : Math.Round(ratings.Select((n, i) => n * (i + 1.0)).Sum() / count, 3),
            oneThings.Sum(t => t.FieldsFilled),
            oneThings.Sum(t => t.MaterialsSpared));
    }

    /// <summary>好差评 over every department; the satisfaction rate rounded as the ratings route rounds it.</summary>
    public static DashboardRatings Ratings(IReadOnlyList<RatingTotals> departments)
    {
        var levels = new long[Scores];
        foreach (var d in departments)
            for (var i = 0; i < Math.Min(Scores, d.Levels.Length); i++) levels[i] += d.Levels[i];
        var count = levels.Sum();
        return new DashboardRatings(count, new RatingCounts(levels[0], levels[1], levels[2], levels[3], levels[4]),
            departments.Sum(d => d.Open), departments.Sum(d => d.Overdue),
            count == 0 ? null : Math.Round((double)levels.Take(3).Sum() / count, 4));
    }

    /// <summary>Each code once, named as the newest edition that has it names it, ordered by code.</summary>
    public static IReadOnlyList<DashboardName> OneThingNames(IReadOnlyList<EditionNames> editions) =>
    [
        .. editions
            .OrderByDescending(e => e.Edition, StringComparer.Ordinal)
            .SelectMany(e => e.OneThings)
            .DistinctBy(o => o.Code)
            .OrderBy(o => o.Code, StringComparer.Ordinal),
    ];
}
