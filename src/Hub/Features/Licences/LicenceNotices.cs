using Marten;
using Marten.Services.BatchQuerying;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using Wolverine;

namespace OneThing.Hub.Features.Licences;

/// <summary>Who hears of a licence event: the departments subscribed to its type and, for a revocation, everyone
/// who holds a copy. Never the issuer itself.</summary>
public static class LicenceNotices
{
    public const string Issued = "licence-issued", Amended = "licence-amended", Revoked = "licence-revoked";

    public static async Task<OutgoingMessages> For(IQuerySession session, LicenceView licence, string kind, LicenceNotice notice,
        string correlationId, DateTimeOffset now, CancellationToken ct)
    {
        var subscribers = await session.Query<LicenceSubscriptionView>().Where(s => s.Types.Contains(licence.Type))
            .Select(s => s.Department).ToListAsync(ct);
        var holders = kind == Revoked ? (await session.LoadAsync<LicenceRecipients>(licence.Id, ct))?.Holders ?? [] : [];
        return To(subscribers.Concat(holders), licence, kind, notice, correlationId, now);
    }

    /// <summary>The departments subscribed to a type, read in a batch with the other reads of a request.</summary>
    public static Task<IReadOnlyList<string>> SubscribersOf(IBatchedQuery batch, string type) =>
        batch.Query<LicenceSubscriptionView>().Where(s => s.Types.Contains(type)).Select(s => s.Department).ToList();

    public static OutgoingMessages To(IEnumerable<string> departments, LicenceView licence, string kind, LicenceNotice notice,
        string correlationId, DateTimeOffset now)
    {
        var messages = new OutgoingMessages();
        foreach (var department in departments.Distinct().Where(d => d != licence.Issuer).Order())
            messages.Add(DeliverToDepartment.To(DeliverToDepartment.Compose(kind, department, correlationId, now, notice)));
        return messages;
    }
}
