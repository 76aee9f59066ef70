using System.Text.Json;
using System.Text.RegularExpressions;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Dashboard;

/// <summary>The dashboard's files as the browser gets them: native modules with no build step, and no seed data.
/// </summary>
public sealed partial class the_dashboard_page
{
    private static readonly string Root = Path.Combine(Repo.Root(), "src", "Hub", "wwwroot");

    private static IEnumerable<string> Scripts() =>
        Directory.EnumerateFiles(Root, "*.js").Where(f => !f.Contains($"{Path.DirectorySeparatorChar}lib"));

    [Fact]
    public void copies_no_one_thing_or_department_name_from_the_seeds()
    {
        var seeds = Path.Combine(Repo.Root(), "seeds");
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(seeds, "catalog-2022.json")));
        using var registry = JsonDocument.Parse(File.ReadAllText(Path.Combine(seeds, "departments.json")));
        var names = catalog
            .RootElement.GetProperty("oneThings")
            .EnumerateArray()
            .Concat(registry.RootElement.GetProperty("departments").EnumerateArray())
            .Select(e => e.GetProperty("name").GetString()!)
            .ToList();
        Assert.True(names.Count > 23);

        var copied = Scripts()
            .SelectMany(file =>
                names.Where(File.ReadAllText(file).Contains).Select(n => $"{Path.GetFileName(file)}: {n}")
            );
        Assert.Empty(copied);
    }

    [Fact]
    public void loads_its_modules_and_the_chart_library_it_names()
    {
        var html = File.ReadAllText(Path.Combine(Root, "index.html"));
        Assert.Contains("<script type=\"module\" src=\"main.js\"></script>", html);
        foreach (Match script in ScriptSource().Matches(html))
            Assert.True(File.Exists(Path.Combine(Root, script.Groups[1].Value)), script.Groups[1].Value);
        var charts = File.ReadAllText(Path.Combine(Root, "charts.js"));
        Assert.Contains("export const LIBRARY = 'lib/echarts.common.min.js';", charts);
        Assert.Contains("src=\"lib/echarts.common.min.js\"", html);

        var unresolved = Scripts()
            .SelectMany(file =>
                Import()
                    .Matches(File.ReadAllText(file))
                    .Select(m => m.Groups[1].Value)
                    .Where(path => !File.Exists(Path.Combine(Root, path)))
                    .Select(path => $"{Path.GetFileName(file)} imports {path}")
            );
        Assert.Empty(unresolved);
    }

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex(@"from '\./([^']+)'")]
    private static partial Regex Import();
}
