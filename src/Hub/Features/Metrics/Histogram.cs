using OneThing.Contracts;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// Durations kept as counts per bucket (roughly ×2.5 apart), so percentiles are read from the projection without
/// scanning events. A percentile is the upper bound of its bucket: at most 2.5 times too high, never too low.
/// </summary>
public sealed class Histogram
{
    // From 0.01: a service of 0.02 hours is not reported as one hour.
    public static readonly double[] Bounds =
    [
        0.01,
        0.025,
        0.05,
        0.1,
        0.25,
        0.5,
        1,
        2.5,
        5,
        10,
        25,
        50,
        100,
        250,
        500,
        1_000,
        2_500,
        5_000,
        10_000,
        25_000,
        50_000,
        100_000,
        250_000,
        500_000,
        1_000_000,
        double.MaxValue,
    ];

    private long[] _counts = new long[Bounds.Length];

    /// <summary>Counts stored before the finer low buckets came in are read with those buckets empty (they had no
    /// place).</summary>
    public long[] Counts
    {
        get => _counts;
        set => _counts = value.Length >= Bounds.Length ? value : [.. new long[Bounds.Length - value.Length], .. value];
    }
    public double Max { get; set; }
    public long Count { get; set; }

    public void Add(double value)
    {
        var i = Array.FindIndex(Bounds, b => value <= b);
        Counts[i]++;
        Count++;
        Max = Math.Max(Max, value);
    }

    /// <summary>Adds another histogram's counts (a window's buckets into one).</summary>
    public void Add(Histogram other)
    {
        for (var i = 0; i < Counts.Length; i++) Counts[i] += other.Counts[i];
        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    public double Percentile(double p)
    {
        if (Count == 0)
            return 0;
        var rank = (long)Math.Ceiling(p * Count);
        long seen = 0;
        for (var i = 0; i < Counts.Length; i++)
            if ((seen += Counts[i]) >= rank)
                return Math.Min(Bounds[i], Max);
        return Max;
    }

    public Timing Timing(string unit) => new(Count, Percentile(0.5), Percentile(0.95), Math.Round(Max, 3), unit);
}
