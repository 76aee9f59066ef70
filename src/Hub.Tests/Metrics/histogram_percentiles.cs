using OneThing.Hub.Features.Metrics;

namespace OneThing.Hub.Tests.Metrics;

public sealed class histogram_percentiles
{
    [Fact]
    public void a_percentile_is_the_upper_bound_of_its_bucket_and_never_below_the_value_even_for_short_durations()
    {
        var hours = new Histogram();
        foreach (var h in new[] { 0.02, 0.02, 0.03, 4.0 }) hours.Add(h);
        Assert.Equal(0.025, hours.Percentile(0.5));   // not 1 hour for a service of minutes
        Assert.Equal(4.0, hours.Percentile(1));
    }

    [Fact]
    public void counts_stored_with_the_older_coarser_buckets_are_read_in_place()
    {
        var old = new long[20];
        old[0] = 3;   // (0, 1] then
        old[2] = 1;   // (2.5, 5] then
        var read = new Histogram { Counts = old, Count = 4, Max = 4 };
        Assert.Equal(Histogram.Bounds.Length, read.Counts.Length);
        Assert.Equal(1, read.Percentile(0.5));
        Assert.Equal(4, read.Percentile(1));
    }
}
