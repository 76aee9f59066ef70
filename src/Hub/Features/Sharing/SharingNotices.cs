using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;

namespace OneThing.Hub.Features.Sharing;

/// <summary>Notices about sharing, on the departments' own channels.</summary>
public static class SharingNotices
{
    public const string Coordinator = "government-services";

    public static DeliverToDepartment To(
        string department,
        string subject,
        string what,
        string detail,
        string correlation,
        DateTimeOffset now,
        string? location = null) =>
        DeliverToDepartment.To(DeliverToDepartment.Compose($"share-{what}", department, correlation, now,
            new SharingNotice(subject, what, detail, location)));
}
