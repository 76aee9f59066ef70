using Marten;
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
        var messages = new OutgoingMessages();
        foreach (var department in subscribers.Concat(holders).Distinct().Where(d => d != licence.Issuer).Order())
            messages.Add(DeliverToDepartment.To(DeliverToDepartment.Compose(kind, department, correlationId, now, notice)));
        return messages;
    }
}
