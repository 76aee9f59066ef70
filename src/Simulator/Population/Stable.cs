namespace OneThing.Simulator;

/// <summary>Numbers that depend only on a key (FNV-1a over its characters): what the population does not keep but
/// must answer the same way every time (a balance, the day a card was renewed).</summary>
public static class Stable
{
    public static uint Hash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
            hash = (hash ^ c) * 16777619u;
        return hash;
    }

    /// <summary>From <paramref name="min"/> up to, not including, <paramref name="max"/>.</summary>
    public static int Int(string key, int min, int max) => min + (int)(Hash(key) % (uint)(max - min));

    /// <summary>In yuan with two decimals.</summary>
    public static decimal Amount(string key, int min, int max) => min + Hash(key) % (uint)((max - min) * 100) / 100m;

    public static T Of<T>(string key, IReadOnlyList<T> choices) => choices[Int(key, 0, choices.Count)];
}
