using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OneThing.Contracts;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Dashboard;

/// <summary>The big data centre's dashboard, rendered by Debian's chromium (headless) against the live hub.</summary>
[Collection(LiveHubCollection.Name)]
public sealed partial class the_dashboard_in_a_browser(LiveHub live)
{
    [Fact]
    public async Task shows_the_same_figures_as_the_api()
    {
        // Some life first: an application through the simulated departments, then quiet figures.
        var window = live.Keys.Departments[ApplicationScenarios.Window];
        var thing = (await live.Get<OneThingDetail>(window, "/api/one-things/newborn")).OneThing;
        var application = new SubmitApplication(
            "newborn", ApplicationScenarios.Person(), ApplicationScenarios.Form(thing));
        using (var submitted = await live.Post(window, "/api/applications", application))
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var api = await Settled();

        var dom = await Chromium("--dump-dom");
        Assert.Contains("data-ready=\"true\"", dom);
        var summary = await live.Get<DashboardSummary>(live.Keys.DataCentre, "/api/metrics/dashboard");
        var departmentNames = summary.Departments.ToDictionary(d => d.Code, d => d.Name);
        foreach (var department in api.Departments.Where(d => d.ServicesCompleted > 0))
        {
            var row = Row(dom, department.Department);
            Assert.Equal(department.ServicesCompleted.ToString(), Value(row, "servicesCompleted"));
            Assert.Equal(department.CompletedWithinLimit.ToString(), Value(row, "completedWithinLimit"));
            Assert.Equal(department.Overdue.ToString(), Value(row, "overdue"));
            Assert.Equal(department.DeliverySuccessRate, double.Parse(Value(row, "deliverySuccessRate"),
                CultureInfo.InvariantCulture), 6);
            Assert.Equal(departmentNames[department.Department], Value(row, "name"));
        }
        var oneThings = await live.Get<OneThingMetricsList>(live.Keys.DataCentre, "/api/metrics/one-things");
        Assert.Equal(oneThings.OneThings.Sum(o => o.Applications).ToString(), Card(dom, "applications"));
        var breaches = await live.Get<SlaBreachList>(live.Keys.DataCentre, "/api/sla/breaches");
        Assert.Matches($"data-breaches=\"{breaches.Count}\"", dom);

        // The totals and the rating are the dashboard route's, as it computes them.
        var totals = summary.Totals;
        Assert.Equal(totals.Applications.ToString(), Card(dom, "applications"));
        Assert.Equal(totals.Finished.ToString(), Card(dom, "finished"));
        Assert.Equal(totals.ExchangesAnswered.ToString(), Card(dom, "exchanges"));
        Assert.Equal(Raw(totals.WithinLimitRate), Card(dom, "withinLimitRate"));
        Assert.Equal(Raw(totals.RatingAverage), Card(dom, "ratingAverage"));

        // The One Things' names are the catalog's, as the dashboard route gives them.
        var shown = OneThingNames(dom);
        Assert.Equal(oneThings.OneThings.Select(o => o.OneThing).Order(), shown.Keys.Order());
        Assert.Equal("新生儿出生", shown["newborn"]);
        var names = summary.OneThings.ToDictionary(o => o.Code, o => o.Name);
        foreach (var (code, name) in shown) Assert.Equal(names[code], name);

        await Chromium($"--screenshot={Path.Combine(Repo.Root(), ".hub", "dashboard.png")}", "--window-size=1440,1000");
    }

    /// <summary>Waits until the projections have caught up and the figures stop moving.</summary>
    /// <remarks>The hub runs in a process of its own here, so Wolverine's tracking cannot see into it.</remarks>
    private async Task<DepartmentMetricsList> Settled()
    {
        DepartmentMetricsList? last = null;
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var now = await live.Get<DepartmentMetricsList>(live.Keys.DataCentre, "/api/metrics/departments");
            var same = last is not null
                && JsonSerializer.Serialize(now.Departments) == JsonSerializer.Serialize(last.Departments);
            var caughtUp = now.Freshness.Processed >= now.Freshness.HighWaterMark;
            if (same && caughtUp && now.Departments.Sum(d => d.ServicesCompleted) >= 5) return now;
            last = now;
            await Task.Delay(1500);
        }
        Assert.Fail("The figures did not settle within a minute");
        return null!;
    }

    private async Task<string> Chromium(params string[] action)
    {
        var profile = Directory.CreateTempSubdirectory("onething-chromium-").FullName;
        string[] flags =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile}", "--virtual-time-budget=8000",
        ];
        var page = new Uri(live.HubUrl, $"/#key={live.Keys.DataCentre}").ToString();
        var start = new ProcessStartInfo("chromium", [.. flags, .. action, page])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(true);
        Directory.Delete(profile, true);
        return await output;
    }

    /// <summary>A number as JavaScript prints it (what the page puts in data-value), missing as "".</summary>
    private static string Raw(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static Dictionary<string, string> OneThingNames(string dom) =>
        OneThingItem().Matches(dom).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("<li[^>]*data-one-thing=\"([^\"]*)\"[^>]*><span class=\"name\">([^<]*)</span>")]
    private static partial Regex OneThingItem();

    private static string Row(string dom, string department) =>
        Regex.Match(dom, $"<tr[^>]*data-department=\"{department}\"[^>]*>.*?</tr>", RegexOptions.Singleline)
            is { Success: true } m
            ? m.Value : throw new Xunit.Sdk.XunitException($"No row for {department} on the dashboard");

    private static string Value(string row, string field) =>
        Regex.Match(row, $"data-field=\"{field}\"[^>]*data-value=\"([^\"]*)\""
                + $"|data-value=\"([^\"]*)\"[^>]*data-field=\"{field}\"")
            is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new Xunit.Sdk.XunitException($"No {field} cell");

    private static string Card(string dom, string metric) =>
        Regex.Match(dom, $"data-metric=\"{metric}\"[^>]*data-value=\"([^\"]*)\""
                + $"|data-value=\"([^\"]*)\"[^>]*data-metric=\"{metric}\"")
            is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new Xunit.Sdk.XunitException($"No {metric} card");
}
