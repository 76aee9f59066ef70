using Marten.Services.BatchQuerying;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Licences.Subscriptions;
using Wolverine;

namespace OneThing.Hub.Features.Licences;

/// <summary>Who hears of a licence event: the departments subscribed to its type and, for a revocation, everyone
/// who holds a copy. Never the issuer itself.</summary>
public static class LicenceNotices
{
    public const string Issued = "licence-issued", Amended = "licence-amended", Revoked = "licence-revoked";

    /// <summary>The departments subscribed to a type, read in a batch with the other reads of a request.</summary>
    public static Task<IReadOnlyList<string>> SubscribersOf(IBatchedQuery batch, string type) =>
        batch.Query<LicenceSubscriptionView>().Where(s => s.Types.Contains(type)).Select(s => s.Department).ToList();

    public static OutgoingMessages To(
        IEnumerable<string> departments,
        string issuer,
        LicenceNotice notice,
        string correlationId,
        DateTimeOffset now)
    {
        var messages = new OutgoingMessages();
        foreach (var department in departments.Distinct().Where(d => d != issuer).Order())
            messages.Add(DeliverToDepartment.To(
                DeliverToDepartment.Compose(notice.Event, department, correlationId, now, notice)));
        return messages;
    }
}
