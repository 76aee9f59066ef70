using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>What raising a dispute over a share request or a quality report has in common.</summary>
public static class DisputeOpening
{
    public static (IResult, IStartStream, OutgoingMessages) Open(
        string id,
        string subject,
        DisputeKind kind,
        string consumer,
        string provider,
        string? resource,
        string position,
        string by,
        string correlation,
        DateTimeOffset now,
        DateTimeOffset due)
    {
        var kindName = Dispute.KindName(kind);
        var raised = new DisputeRaised(id, subject, kindName, consumer, provider, position, due, by, now,
            resource);
        var location = $"/api/disputes/{id}";
        return (Results.Created(location, DisputeProjection.Create(raised).Status),
            MartenOps.StartStream<Dispute>(id, raised),
            [
                SharingNotices.To(provider, id, "dispute", "State your position: POST " + location + "/position",
                    correlation, now, location),
                SharingNotices.To(SharingNotices.Coordinator, id, "dispute",
                    $"{consumer} contests {kindName} {subject}",
                    correlation, now, location),
                new DisputeRulingDue(id, due).ScheduledAt(due),
            ]);
    }
}
