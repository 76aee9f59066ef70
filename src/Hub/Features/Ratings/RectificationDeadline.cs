using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Ratings;

/// <summary>The coordinating office, told of a missed deadline (null on a registry without one).</summary>
public sealed record Supervisor(string? Code);

public static class RectificationDueHandler
{
    public static async Task<Supervisor> LoadAsync(IQuerySession session, CancellationToken ct) =>
        new(await DepartmentQueries.CoordinatingOffice(session, ct));

    /// <summary>
    /// A rectification's deadline has come. Overdue only when it is still unanswered (open, not appealed), not
    /// marked already, and this deadline was not moved since (a refused appeal schedules a new one). The rated
    /// department and the coordinating office are told. A reply at the same moment loads the same version; the loser
    /// runs again on the new state (retry policy).
    /// </summary>
    public static (Events, OutgoingMessages) Handle(
        RectificationDue message,
        [WriteAggregate] Rectification rectification,
        Supervisor supervisor,
        TimeProvider clock) =>
        Decide(message, rectification, clock.GetUtcNow(), supervisor.Code);

    public static (Events, OutgoingMessages) Decide(RectificationDue message, Rectification rectification,
        DateTimeOffset now, string? coordinator = null)
    {
        if (rectification.Stage != RectificationStage.Open || rectification.Overdue
            || rectification.DueAt != message.DueAt || now < message.DueAt)
            return ([], []);
        var overdue = new RectificationOverdue(rectification.Id, rectification.Department, message.DueAt, now);
        var after = rectification.Evolve(overdue);
        var detail = $"Not replied by {message.DueAt:yyyy-MM-dd HH:mm zzz}";
        var to = new[] { rectification.Department, coordinator }.OfType<string>().Distinct();
        return ([overdue],
            [.. to.Select(d => RectificationNotices.To(d, MessageKinds.RectificationOverdue, after, now, detail))]);
    }
}
