using OneThing.Contracts;
using OneThing.Hub.Features.Dashboard;

namespace OneThing.Hub.Tests.Dashboard;

/// <summary>The dashboard's totals and names as pure functions of the figures and the catalog (no database).</summary>
public sealed class the_dashboard_read_model
{
    private static readonly Freshness Fresh = new(DateTimeOffset.UnixEpoch, 10, 10, 0);

    [Fact]
    public void totals_add_up_every_one_thing_and_every_department()
    {
        var totals = DashboardReadModel.Totals(
            [new OneThingTotals(5, 3, [0, 0, 1, 0, 2]), new OneThingTotals(2, 1, [1, 0, 0, 0, 0])],
            [new DepartmentTotals(4, 3, 7), new DepartmentTotals(6, 6, 1)]);

        Assert.Equal(7, totals.Applications);
        Assert.Equal(4, totals.Finished);
        Assert.Equal(10, totals.ServicesCompleted);
        Assert.Equal(9, totals.CompletedWithinLimit);
        Assert.Equal(8, totals.ExchangesAnswered);
        Assert.Equal([1L, 0, 1, 0, 2], totals.Ratings);
        Assert.Equal(4, totals.RatingCount);
        Assert.Equal(0.9, totals.WithinLimitRate);
    }

    [Fact]
    public void the_rating_is_weighted_by_the_number_of_ratings_not_averaged_over_one_things()
    {
        // One rating of 1 and three of 5: (1 + 15) / 4 = 4, where averaging the One Things' averages would give 3.
        var totals = DashboardReadModel.Totals(
            [new OneThingTotals(1, 1, [1, 0, 0, 0, 0]), new OneThingTotals(3, 3, [0, 0, 0, 0, 3])], []);
        Assert.Equal(4.0, totals.RatingAverage);

        var thirds = DashboardReadModel.Totals([new OneThingTotals(3, 3, [0, 0, 0, 2, 1])], []);
        Assert.Equal(4.333, thirds.RatingAverage);
    }

    [Fact]
    public void nothing_yet_leaves_the_rates_out_rather_than_dividing_by_zero()
    {
        var totals = DashboardReadModel.Totals([], []);

        Assert.Equal(0, totals.Applications);
        Assert.Equal([0L, 0, 0, 0, 0], totals.Ratings);
        Assert.Null(totals.WithinLimitRate);
        Assert.Null(totals.RatingAverage);
    }

    [Fact]
    public void a_one_thing_is_named_as_the_newest_edition_that_has_it_names_it()
    {
        var names = DashboardReadModel.OneThingNames(
        [
            new EditionNames("2022", [new DashboardName("newborn", "新生儿出生"), new DashboardName("after-death", "身后")]),
            new EditionNames("2023", [new DashboardName("newborn", "新生儿出生一件事")]),
        ]);

        Assert.Equal(
            [new DashboardName("after-death", "身后"), new DashboardName("newborn", "新生儿出生一件事")],
            names);
    }

    [Fact]
    public void the_summary_orders_departments_by_code()
    {
        var summary = DashboardReadModel.Of(Fresh, [], [], [],
            [new DashboardName("tax", "税务局"), new DashboardName("health", "卫健委")]);

        Assert.Equal(["health", "tax"], summary.Departments.Select(d => d.Code));
        Assert.Same(Fresh, summary.Freshness);
        Assert.Empty(summary.OneThings);
    }
}
