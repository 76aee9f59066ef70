using Marten;
using Marten.Services;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Calendar;

/// <summary>
/// Keeps this node's <see cref="WorkingCalendar"/> on the published years: all of them read at start (after the
/// seeds), a version this node commits put in force at once (<see cref="Listener"/>), and the published years read
/// again every <see cref="Every"/> for what other nodes publish. Counting a deadline reads memory only.
/// </summary>
public sealed class CalendarRefresh(IDocumentStore store, WorkingCalendar calendar, ILogger<CalendarRefresh> log)
    : BackgroundService
{
    /// <summary>How long another node's correction may go unseen here.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    public override async Task StartAsync(CancellationToken ct)
    {
        await ReadAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(ct))
            try
            {
                await ReadAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The years in force stay; the next tick tries again.
                log.LogWarning(e, "Could not read the published calendar years");
            }
    }

    public async Task ReadAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        foreach (var year in await session.Query<CalendarYearView>().ToListAsync(ct))
            Use(calendar, year.Published);
    }

    private static void Use(WorkingCalendar calendar, CalendarYearPublished e) =>
        calendar.Use(e.Year, e.Version, e.Holidays.Select(d => d.Date), e.WorkingWeekends.Select(d => d.Date));

    /// <summary>A version committed on this node is in force for the next request, without waiting for a read.
    /// </summary>
    public sealed class Listener(WorkingCalendar calendar) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            foreach (var e in commit.GetEvents().Select(e => e.Data).OfType<CalendarYearPublished>())
                Use(calendar, e);
            return Task.CompletedTask;
        }
    }
}
