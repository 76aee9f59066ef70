using Alba;
using Marten;
using Marten.Events;
using OneThing.Contracts;
using OneThing.Hub.Features.Calendar;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Platform;

/// <summary>
/// The coordinating office publishes a year's working-day arrangement (PUT /api/calendar/{year}); the hub's own
/// calendar counts by it at once. Deadlines are counted from explicit dates through the hub's calendar, not from the
/// shared test clock. Each test uses a year no other test publishes: 2027 (the Spring Festival), 2030 (refused
/// arrangements, never published) and 2035 (a correction).
/// </summary>
public sealed class the_working_day_calendar(HubFixture hub)
{
    private WorkingCalendar Calendar => hub.Host.Services.GetRequiredService<WorkingCalendar>();

    private static DateTimeOffset At(string date) => new(DateOnly.Parse(date).ToDateTime(new TimeOnly(10, 0)),
        WorkingCalendar.Beijing);

    /// <summary>A deadline: 24:00 Beijing time of its last working day.</summary>
    private static DateTimeOffset EndOf(string date) =>
        new(DateOnly.Parse(date).AddDays(1).ToDateTime(TimeOnly.MinValue), WorkingCalendar.Beijing);

    private static List<CalendarDate> Days(string name, params string[] dates) =>
        [.. dates.Select(d => new CalendarDate(d, name))];

    private Task<IScenarioResult> Put(string year, object body, string key, int status) =>
        hub.Host.Scenario(s =>
        {
            s.Put.Json(body, JsonStyle.MinimalApi).ToUrl($"/api/calendar/{year}");
            s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task publishing_2027_moves_a_deadline_across_the_spring_festival_and_ends_its_flag()
    {
        var from = At("2027-02-04");
        var pending = new ShareRequestView { Id = "sr-2027", DueAt = Calendar.AddWorkingDays(from, 5) };

        // Unpublished: weekends only (Fri 5th, Mon 8th to Thu 11th), and flagged wherever it is shown.
        Assert.Equal(EndOf("2027-02-11"), Calendar.AddWorkingDays(from, 5));
        Assert.True(Calendar.IsProvisional(pending.DueAt));
        Assert.True(pending.Status(Calendar).DeadlineProvisional);
        (await hub.Host.Get("/api/calendar/2027", hub.Department("civil-affairs"), 404)).Problem();
        var before = (await hub.Host.Get("/api/metrics/dashboard", hub.Keys.DataCentre)).Read<DashboardSummary>();
        Assert.True(before.CalendarPublishedUntil < 2027);

        // 春节 from Saturday 6 to Saturday 13 February, worked back on Sunday 31 January and Saturday 20 February.
        var notice = new PublishCalendarYear(
            [
                .. Days("元旦", "2027-01-01"),
                .. Days("春节", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
                    "2027-02-12", "2027-02-13"),
            ],
            Days("春节", "2027-01-31", "2027-02-20"),
            "国务院办公厅关于2027年部分节假日安排的通知");
        var published = (await Put("2027", notice, hub.Keys.Coordinator, 200)).Read<CalendarYearArrangement>();
        Assert.Equal((2027, 1, 9, 2), (published.Year, published.Version, published.Holidays.Count,
            published.WorkingWeekends.Count));

        // Fri 5th, then the festival and Sunday 14th rest: Mon 15th to Thu 18th.
        pending.DueAt = Calendar.AddWorkingDays(from, 5);
        Assert.Equal(EndOf("2027-02-18"), pending.DueAt);
        Assert.False(Calendar.IsProvisional(pending.DueAt));
        Assert.Null(pending.Status(Calendar).DeadlineProvisional);
        Assert.True(Calendar.IsWorkingDay(DateOnly.Parse("2027-01-31")));

        var read = (await hub.Host.Get("/api/calendar/2027", hub.Department("civil-affairs")))
            .Read<CalendarYearArrangement>();
        Assert.Equal((1, published.PublishedBy), (read.Version, read.PublishedBy));
        Assert.Contains(read.Holidays, d => d is { Date: "2027-02-10", Name: "春节" });
        Assert.Empty(hub.Host.Services.GetRequiredService<Schemas>().Validate("calendar-year-arrangement", read));
        var after = (await hub.Host.Get("/api/metrics/dashboard", hub.Keys.DataCentre)).Read<DashboardSummary>();
        Assert.True(after.CalendarPublishedUntil >= 2027);
    }

    /// <summary>The provisional deadlines the dashboard counts: open ones that fall in a year not published. 2090
    /// is published by no test; the stream is written straight to the store, as a share request made in 2090's
    /// last weeks would be.</summary>
    [Fact]
    public async Task an_open_deadline_in_an_unpublished_year_is_counted_until_it_is_answered()
    {
        async Task<long> Provisional()
        {
            await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
            return (await hub.Host.Get("/api/metrics/dashboard", hub.Keys.Coordinator)).Read<DashboardSummary>()
                .ProvisionalDeadlines;
        }
        var before = await Provisional();
        var id = $"sr-{Guid.NewGuid():N}";
        var due = EndOf("2090-12-29");
        Assert.True(Calendar.IsProvisional(due));
        await using (var session = hub.Store.LightweightSession())
        {
            session.Events.StartStream<ShareRequest>(id, new ShareRequested(id, "population-basic", "public-security",
                "civil-affairs", "核验", "《条例》", ["name"], "2091-12-31", due, "civil-affairs/test", At("2090-12-20")));
            await session.SaveChangesAsync();
        }
        Assert.Equal(before + 1, await Provisional());

        await using (var session = hub.Store.LightweightSession())
        {
            session.Events.Append(id, new ShareRequestRejected(id, "population-basic", "public-security", ["不符"],
                true, "public-security/test", At("2090-12-21")));
            await session.SaveChangesAsync();
        }
        Assert.Equal(before, await Provisional());
    }

    [Fact]
    public async Task the_seeded_years_are_their_first_versions()
    {
        var seeded = (await hub.Host.Get("/api/calendar/2026", hub.Keys.Governance)).Read<CalendarYearArrangement>();
        Assert.Equal((2026, 1, "system/seed"), (seeded.Year, seeded.Version, seeded.PublishedBy));
        Assert.NotEmpty(seeded.Holidays);
        Assert.Equal(seeded.Holidays.Count, seeded.Holidays.Select(d => d.Date).Distinct().Count());
        // Counted by the seed: a seeded holiday is not a working day.
        Assert.False(Calendar.IsWorkingDay(DateOnly.Parse(seeded.Holidays.First(h =>
            DateOnly.Parse(h.Date).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Date)));
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "2030", """{"holidays":[{"date":"2031-01-01"}],"workingWeekends":[]}""", "holidays[0].date" },
        { "2030", """{"holidays":[{"date":"2030-02-30"}],"workingWeekends":[]}""", "holidays[0].date" },
        { "2030", """{"holidays":[{"date":"2030-02-04"},{"date":"2030-02-04"}],"workingWeekends":[]}""",
            "holidays[1].date" },
        { "2030", """{"holidays":[{"date":"2030-02-02"}],"workingWeekends":[{"date":"2030-02-02"}]}""",
            "workingWeekends[0].date" },
        { "2030", """{"holidays":[],"workingWeekends":[{"date":"2030-02-04"}]}""", "workingWeekends[0].date" },
        { "2030", """{"holidays":[{"date":"2030/02/04"}],"workingWeekends":[]}""", "holidays[0].date" },
        // Refused on reading, before the schema (a plain problem, no member named).
        { "2030", """{"holidays":[]}""", "" },
        { "30", """{"holidays":[],"workingWeekends":[]}""", "year" },
        { "1999", """{"holidays":[],"workingWeekends":[]}""", "year" },
        { "next", """{"holidays":[],"workingWeekends":[]}""", "year" },
    };

    [Theory, MemberData(nameof(Malformed))]
    public async Task a_malformed_year_is_refused_and_stores_nothing(string year, string body, string member)
    {
        var refused = await hub.Host.Scenario(s =>
        {
            s.Put.Text(body).ToUrl($"/api/calendar/{year}");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.Coordinator}");
            s.StatusCodeShouldBe(400);
        });
        var problem = refused.Problem();
        Assert.True(member == "" || problem.Errors.Keys.Any(k => k.StartsWith(member, StringComparison.Ordinal)),
            string.Join(", ", problem.Errors.Keys));

        await using var session = hub.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(CalendarYearView.StreamKey(2030)));
        Assert.Equal(0, Calendar.VersionOf(2030));
    }

    [Fact]
    public async Task a_correction_is_a_new_version_and_later_deadlines_count_by_it()
    {
        var from = At("2035-04-30");
        var first = new PublishCalendarYear(Days("劳动节", "2035-05-01", "2035-05-02", "2035-05-03"), []);
        Assert.Equal(1, (await Put("2035", first, hub.Keys.Coordinator, 200)).Read<CalendarYearArrangement>().Version);
        // Tue 1st to Thu 3rd rest: Fri 4th, Mon 7th, Tue 8th.
        Assert.Equal(EndOf("2035-05-08"), Calendar.AddWorkingDays(from, 3));

        var corrected = new PublishCalendarYear(
            Days("劳动节", "2035-05-01", "2035-05-02", "2035-05-03", "2035-05-04"), Days("劳动节", "2035-04-28"));
        Assert.Equal(2, (await Put("2035", corrected, hub.Keys.Coordinator, 200))
            .Read<CalendarYearArrangement>().Version);
        // Friday 4th rests too now: Mon 7th to Wed 9th.
        Assert.Equal(EndOf("2035-05-09"), Calendar.AddWorkingDays(from, 3));
        Assert.True(Calendar.IsWorkingDay(DateOnly.Parse("2035-04-28")));

        var read = (await hub.Host.Get("/api/calendar/2035", hub.Keys.DataCentre)).Read<CalendarYearArrangement>();
        Assert.Equal((2, 4), (read.Version, read.Holidays.Count));
        await using var session = hub.Store.QuerySession();
        var versions = await session.Events.FetchStreamAsync(CalendarYearView.StreamKey(2035));
        Assert.Equal([1, 2], versions.Select(e => ((CalendarYearPublished)e.Data).Version));
    }

    [Fact]
    public async Task only_the_coordinator_publishes_a_year()
    {
        var notice = new PublishCalendarYear(Days("元旦", "2031-01-01"), []);
        foreach (var key in new[] { hub.Department("civil-affairs"), hub.Keys.Governance, hub.Keys.DataCentre })
            (await Put("2031", notice, key, 403)).Problem();
        await using var session = hub.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(CalendarYearView.StreamKey(2031)));
    }
}
