using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;

namespace OneThing.Hub.Features.Ratings;

/// <summary>Messages about a rectification, on the departments' own channels (webhook or inbox), in the case's
/// correlation.</summary>
public static class RectificationNotices
{
    public static string Location(string id) => $"/api/rectifications/{id}";

    /// <summary>To <paramref name="department"/>: what happened to <paramref name="after"/> (the state it is in
    /// now).</summary>
    public static DeliverToDepartment To(string department, string kind, Rectification after, DateTimeOffset now,
        string? detail = null) =>
        DeliverToDepartment.To(DeliverToDepartment.Compose(kind, department, after.CorrelationId, now,
            new RectificationNotice(after.Id, kind, after.ApplicationId, after.Service, after.Department,
                after.State, after.DueAt, Location(after.Id), detail)));
}
