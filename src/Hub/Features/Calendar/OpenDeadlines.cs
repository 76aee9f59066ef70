using Marten;
using Marten.Events.Projections;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Calendar;

/// <summary>A deadline still running: a service under way, or a share request awaiting its provider's answer. Kept
/// by the daemon beside the figures, and deleted once the work is done, so the count of provisional deadlines reads
/// an index over open work only.</summary>
public sealed class OpenDeadline
{
    public string Id { get; set; } = "";

    /// <summary>Null while the clock is stopped (a supplement is awaited).</summary>
    public DateTimeOffset? DueAt { get; set; }
}

public sealed class OpenDeadlineProjection : MultiStreamProjection<OpenDeadline, string>
{
    public OpenDeadlineProjection()
    {
        Identity<ServiceDispatched>(e => Service(e.ApplicationId, e.Service));
        Identity<SupplementRequested>(e => Service(e.ApplicationId, e.Service));
        Identity<SupplementProvided>(e => Service(e.ApplicationId, e.Service));
        Identity<ServiceCompleted>(e => Service(e.ApplicationId, e.Service));
        Identity<ServiceRejected>(e => Service(e.ApplicationId, e.Service));
        Identity<ServiceWithdrawn>(e => Service(e.ApplicationId, e.Service));
        Identity<ShareRequested>(e => ShareRequest(e.Id));
        Identity<ShareRequestGranted>(e => ShareRequest(e.Id));
        Identity<ShareRequestRejected>(e => ShareRequest(e.Id));
        DeleteEvent<ServiceCompleted>();
        DeleteEvent<ServiceRejected>();
        DeleteEvent<ServiceWithdrawn>();
        DeleteEvent<ShareRequestGranted>();
        DeleteEvent<ShareRequestRejected>();
    }

    private static string Service(string application, string service) => $"service/{application}/{service}";

    private static string ShareRequest(string id) => $"share-request/{id}";

    public static void Apply(OpenDeadline d, ServiceDispatched e) => d.DueAt = e.DueAt;

    public static void Apply(OpenDeadline d, SupplementRequested e) => d.DueAt = null;

    public static void Apply(OpenDeadline d, SupplementProvided e) => d.DueAt = e.DueAt;

    public static void Apply(OpenDeadline d, ShareRequested e) => d.DueAt = e.DueAt;
}

/// <summary>Open deadlines that fall in a year whose arrangement is not published, as <see
/// cref="WorkingCalendar.IsProvisional"/> decides for one: due after 24:00 on 31 December of the year before.
/// </summary>
public static class ProvisionalDeadlines
{
    public static async Task<long> Count(IQuerySession session, WorkingCalendar calendar, CancellationToken ct)
    {
        var published = calendar.PublishedYears();
        if (published.Count == 0)
            return await session.Query<OpenDeadline>().Where(d => d.DueAt != null).CountAsync(ct);
        long count = 0;
        var last = published.Max();
        for (var year = published.Min(); year < last; year++)
            if (!published.Contains(year + 1))
            {
                DateTimeOffset from = StartOf(year + 1), to = StartOf(year + 2);
                count += await session.Query<OpenDeadline>().Where(d => d.DueAt > from && d.DueAt <= to)
                    .CountAsync(ct);
            }
        var after = StartOf(last + 1);
        return count + await session.Query<OpenDeadline>().Where(d => d.DueAt > after).CountAsync(ct);
    }

    private static DateTimeOffset StartOf(int year) => new(year, 1, 1, 0, 0, 0, WorkingCalendar.Beijing);
}
