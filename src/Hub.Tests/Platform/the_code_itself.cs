using System.Text.RegularExpressions;

namespace OneThing.Hub.Tests.Platform;

/// <summary>
/// ARCHITECTURE.md's shape, checked rather than hoped for: short lines in hand-written code, and writes that go
/// through Wolverine's aggregate handling (an endpoint returns events) unless a comment says why not.
/// </summary>
public sealed partial class the_code_itself
{
    private const int MaxLine = 120;

    // A hand-written append, stream start or exclusive lock is allowed only under a comment that starts
    // "By hand:" and says why (the race it prevents, or that no request is involved, as in seeding).
    private const string Marker = "By hand:";

    [Fact]
    public void hand_written_lines_are_at_most_120_characters()
    {
        var wide = HandWritten()
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, n: i + 1)))
            .Where(x => x.line.Length > MaxLine)
            .Select(x => $"{Relative(x.f)}:{x.n} ({x.line.Length})")
            .ToList();
        Assert.True(wide.Count == 0, $"{wide.Count} lines over {MaxLine} characters:\n" + string.Join("\n", wide));
    }

    [Fact]
    public void the_hub_appends_by_hand_only_where_a_comment_says_why()
    {
        var unexplained = new List<string>();
        var hub = $"{Path.DirectorySeparatorChar}Hub{Path.DirectorySeparatorChar}";
        foreach (var file in HandWritten().Where(f => f.Contains(hub)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!ByHand().IsMatch(lines[i])) continue;
                var above = lines[Math.Max(0, i - 4)..i].Append(lines[i]);
                if (!above.Any(l => l.Contains("// " + Marker, StringComparison.Ordinal)))
                    unexplained.Add($"{Relative(file)}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(unexplained.Count == 0,
            $"Appends or locks without a '// {Marker}' comment:\n" + string.Join("\n", unexplained));
    }

    [Fact]
    public void the_checks_above_can_fail()
    {
        Assert.Matches(ByHand(), "        session.Events.Append(stream, happened);");
        Assert.Matches(ByHand(), "var s = await session.Events.FetchForExclusiveWriting<LicenceState>(id, ct);");
        Assert.Matches(ByHand(), "session.Events.StartStream<Exchange>(id, requested);");
        Assert.DoesNotMatch(ByHand(), "return (result, new Events { happened }, messages);");
    }

    [GeneratedRegex(@"\.Events\.(Append|StartStream|FetchForExclusiveWriting|ArchiveStream)\b|\bAppend(One|Many)\(")]
    private static partial Regex ByHand();

    private static IEnumerable<string> HandWritten()
    {
        var src = Path.Combine(Repo.Root(), "src");
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}") && !f.Contains($"{sep}bin{sep}")
                && !f.Contains($"{sep}Internal{sep}Generated{sep}"))
            .Order(StringComparer.Ordinal);
    }

    private static string Relative(string file) => Path.GetRelativePath(Repo.Root(), file);
}
