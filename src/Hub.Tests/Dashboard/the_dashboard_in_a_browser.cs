using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
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
        using (var submitted = await live.Post(window, "/api/applications", new SubmitApplication("newborn", ApplicationScenarios.Person(), ApplicationScenarios.Form(thing))))
            Assert.Equal(System.Net.HttpStatusCode.Created, submitted.StatusCode);
        var api = await Settled();

        var dom = await Chromium("--dump-dom");
        Assert.Contains("data-ready=\"true\"", dom);
        foreach (var department in api.Departments.Where(d => d.ServicesCompleted > 0))
        {
            var row = Row(dom, department.Department);
            Assert.Equal(department.ServicesCompleted.ToString(), Value(row, "servicesCompleted"));
            Assert.Equal(department.CompletedWithinLimit.ToString(), Value(row, "completedWithinLimit"));
            Assert.Equal(department.Overdue.ToString(), Value(row, "overdue"));
            Assert.Equal(department.DeliverySuccessRate, double.Parse(Value(row, "deliverySuccessRate"), System.Globalization.CultureInfo.InvariantCulture), 6);
        }
        var oneThings = await live.Get<OneThingMetricsList>(live.Keys.DataCentre, "/api/metrics/one-things");
        Assert.Equal(oneThings.OneThings.Sum(o => o.Applications).ToString(), Card(dom, "applications"));
        var breaches = await live.Get<SlaBreachList>(live.Keys.DataCentre, "/api/sla/breaches");
        Assert.Matches($"data-breaches=\"{breaches.Count}\"", dom);

        await Chromium($"--screenshot={Path.Combine(Repo.Root(), ".hub", "dashboard.png")}", "--window-size=1440,1000");
    }

    /// <summary>Waits until the projections have caught up and the figures stop moving.</summary>
    private async Task<DepartmentMetricsList> Settled()
    {
        DepartmentMetricsList? last = null;
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var now = await live.Get<DepartmentMetricsList>(live.Keys.DataCentre, "/api/metrics/departments");
            var same = last is not null && System.Text.Json.JsonSerializer.Serialize(now.Departments) == System.Text.Json.JsonSerializer.Serialize(last.Departments);
            if (same && now.Freshness.Processed >= now.Freshness.HighWaterMark && now.Departments.Sum(d => d.ServicesCompleted) >= 5) return now;
            last = now;
            await Task.Delay(1500);
        }
        Assert.Fail("The figures did not settle within a minute");
        return null!;
    }

    private async Task<string> Chromium(params string[] action)
    {
        var profile = Directory.CreateTempSubdirectory("onething-chromium-").FullName;
        string[] flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--virtual-time-budget=8000"];
        var start = new ProcessStartInfo("chromium", [.. flags, .. action, new Uri(live.HubUrl, $"/#key={live.Keys.DataCentre}").ToString()])
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

    private static string Row(string dom, string department) =>
        Regex.Match(dom, $"<tr[^>]*data-department=\"{department}\"[^>]*>.*?</tr>", RegexOptions.Singleline) is { Success: true } m
            ? m.Value : throw new Xunit.Sdk.XunitException($"No row for {department} on the dashboard");

    private static string Value(string row, string field) =>
        Regex.Match(row, $"data-field=\"{field}\"[^>]*data-value=\"([^\"]*)\"|data-value=\"([^\"]*)\"[^>]*data-field=\"{field}\"") is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) : throw new Xunit.Sdk.XunitException($"No {field} cell");

    private static string Card(string dom, string metric) =>
        Regex.Match(dom, $"data-metric=\"{metric}\"[^>]*data-value=\"([^\"]*)\"|data-value=\"([^\"]*)\"[^>]*data-metric=\"{metric}\"") is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) : throw new Xunit.Sdk.XunitException($"No {metric} card");
}
