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

    [Fact]
    public async Task shows_each_window_and_exports_the_csv_of_the_api()
    {
        var window = live.Keys.Departments[ApplicationScenarios.Window];
        var thing = (await live.Get<OneThingDetail>(window, "/api/one-things/newborn")).OneThing;
        using (var submitted = await live.Post(window, "/api/applications", new SubmitApplication(
                   "newborn", ApplicationScenarios.Person(), ApplicationScenarios.Form(thing))))
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        await Settled();

        var downloads = Directory.CreateTempSubdirectory("onething-downloads-").FullName;
        await using var browser = await DevTools.Start(downloads);
        // A window can be named in the address, and chosen with the buttons.
        await browser.Navigate(new Uri(live.HubUrl, $"/#key={live.Keys.DataCentre}&window=hour"));
        await browser.Until("document.body.dataset.shownWindow", "hour", TimeSpan.FromSeconds(30));
        await SameAsTheApi(await browser.Html(), "hour", null);

        await browser.Evaluate("document.querySelector('[data-window-choice=\"7d\"]').click()");
        await browser.Until("document.body.dataset.shownWindow", "7d", TimeSpan.FromSeconds(30));
        await browser.Evaluate("""
            (() => { const s = document.querySelector('#trend-department'); s.value = 'health';
                     s.dispatchEvent(new Event('change')); })()
            """);
        await browser.Until("document.body.dataset.shownDepartment", "health", TimeSpan.FromSeconds(30));
        await SameAsTheApi(await browser.Html(), "7d", "health");
        await browser.Screenshot(Path.Combine(Repo.Root(), ".hub", "dashboard-7d.png"));

        // The export button downloads what the API answers as text/csv, byte for byte.
        await browser.Evaluate("document.querySelector('[data-export=\"departments\"]').click()");
        var file = Path.Combine(downloads, "metrics-departments-7d.csv");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(file) && DateTime.UtcNow < until) await Task.Delay(200);
        Assert.True(File.Exists(file), $"No download: {string.Join(", ", Directory.GetFiles(downloads))}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(live.HubUrl,
            "/api/metrics/departments?window=7d"));
        request.Headers.Authorization = new("Bearer", live.Keys.DataCentre);
        request.Headers.Accept.ParseAdd("text/csv");
        using var csv = await live.Http.SendAsync(request);
        Assert.Equal(await csv.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(file));
        var names = await live.Get<DepartmentMetricsList>(live.Keys.DataCentre, "/api/metrics/departments?window=7d");
        Assert.Contains(names.Departments[0].Name, await File.ReadAllTextAsync(file)); // UTF-8, BOM and all
        Directory.Delete(downloads, true);

        // The calendar warning says what the API says: shown while next year (or a year with a deadline in it) is
        // not published, with the number of open deadlines that may move.
        var summary = await live.Get<DashboardSummary>(live.Keys.DataCentre, "/api/metrics/dashboard");
        var html = await browser.Html();
        var warning = Regex.Match(html, "<div id=\"calendar-warning\"[^>]*>").Value;
        Assert.Contains($"data-provisional=\"{summary.ProvisionalDeadlines}\"", warning);
        Assert.Contains($"data-published-until=\"{summary.CalendarPublishedUntil}\"", warning);
        var next = WorkingCalendarToday().Year + 1;
        Assert.Equal(summary.CalendarPublishedUntil >= next && summary.ProvisionalDeadlines == 0,
            warning.Contains(" hidden"));
    }

    private static DateOnly WorkingCalendarToday() =>
        OneThing.Hub.Infrastructure.WorkingCalendar.Today(DateTimeOffset.UtcNow);

    /// <summary>The departments table, the cards and the trend on the page are the API's figures of the window.
    /// </summary>
    private async Task SameAsTheApi(string dom, string window, string? department)
    {
        var api = await live.Get<DepartmentMetricsList>(live.Keys.DataCentre,
            $"/api/metrics/departments?window={window}");
        Assert.Equal(window, api.Window?.Name);
        Assert.NotEmpty(api.Departments);
        foreach (var d in api.Departments)
        {
            var row = Row(dom, d.Department);
            Assert.Equal(d.ServicesCompleted.ToString(), Value(row, "servicesCompleted"));
            Assert.Equal(d.CompletedWithinLimit.ToString(), Value(row, "completedWithinLimit"));
            Assert.Equal(d.Overdue.ToString(), Value(row, "overdue"));
        }
        var summary = await live.Get<DashboardSummary>(live.Keys.DataCentre, $"/api/metrics/dashboard?window={window}");
        Assert.Equal(summary.Totals.Applications.ToString(), Card(dom, "applications"));
        Assert.Equal(summary.Totals.Finished.ToString(), Card(dom, "finished"));

        var trend = await live.Get<MetricsTrend>(live.Keys.DataCentre,
            $"/api/metrics/trends?window={window}" + (department is null ? "" : $"&department={department}"));
        var shown = TrendPoint().Matches(dom).ToDictionary(m => DateTimeOffset.Parse(m.Groups[1].Value),
            m => m.Groups[2].Value);
        // The last hour moves on each minute: the steps both hold are compared.
        var both = trend.Points.Where(p => shown.ContainsKey(p.From)).ToList();
        Assert.True(both.Count >= trend.Points.Count - 1, $"{both.Count} of {trend.Points.Count} steps shown");
        foreach (var p in both)
        {
            Assert.Contains($"data-field=\"servicesCompleted\" data-value=\"{p.ServicesCompleted}\"", shown[p.From]);
            Assert.Contains($"data-field=\"applications\" data-value=\"{p.Applications}\"", shown[p.From]);
        }
        Assert.True(trend.Points.Sum(p => p.ServicesCompleted) > 0 || department is not null);
    }

    [GeneratedRegex("<li data-from=\"([^\"]+)\">(.*?)</li>")]
    private static partial Regex TrendPoint();

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
