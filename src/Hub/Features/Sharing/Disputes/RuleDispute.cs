using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using System.Security.Claims;

namespace OneThing.Hub.Features.Sharing;

/// <summary>
/// The dispute's subject, fetched for writing: the ruling lands on its stream too, at the version the ruling was
/// decided on (a write to the subject at the same moment makes one of them a 409).
/// </summary>
public sealed record RulingSubject(IEventStream<ShareRequest>? Share, IEventStream<QualityReport>? Report)
{
    public void Append(object ruling)
    {
        // By hand: the subject is a second stream, fetched for writing at the version the ruling was decided on;
        // Wolverine's aggregate handling writes only the dispute's own stream.
        if (Share is not null) Share.AppendOne(ruling);
        else Report!.AppendOne(ruling);
    }
}

/// <summary>The coordinating office rules. For the consumer: a contested request becomes a grant; a contested
/// quality report becomes a correction the provider must make. For the provider: the subject leaves "disputed"
/// (a request stays rejected, a report's data stands).</summary>
public static class RuleDisputeEndpoint
{
    public static async Task<RulingSubject> LoadAsync(Dispute dispute, IDocumentSession session,
        CancellationToken ct) =>
        dispute.Kind == DisputeKind.ShareRequest
            ? new RulingSubject(await session.Events.FetchForWriting<ShareRequest>(dispute.Subject, ct), null)
            : new RulingSubject(null, await session.Events.FetchForWriting<QualityReport>(dispute.Subject, ct));

    public static ProblemDetails Validate(RuleDispute request, Dispute dispute, RulingSubject subject,
        TimeProvider clock) =>
        Check(request, dispute, subject.Share?.Aggregate, clock.GetUtcNow());

    public static ProblemDetails Check(RuleDispute request, Dispute dispute, ShareRequest? share, DateTimeOffset now)
    {
        if (dispute.State != DisputeState.Open) return Problems.Conflict("The dispute is already ruled.");
        if (!request.ForConsumer || dispute.Kind != DisputeKind.ShareRequest) return WolverineContinue.NoProblems;
        var fields = request.Fields ?? share!.Fields;
        if (fields.Any(f => !share!.Fields.Contains(f)))
            return Problems.Validation("fields", "Grant some of the requested fields.");
        var today = WorkingCalendar.Today(now);
        return request.ValidUntil is not null && (!DateOnly.TryParseExact(request.ValidUntil, "yyyy-MM-dd",
            out var until)
            || until <= today || until > today.AddYears(3))
            ? Problems.Validation("validUntil", "Give a date (yyyy-MM-dd) after today and within three years.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType(202)]
    [WolverinePost("/api/disputes/{id}/ruling"), Authorize(Roles = Roles.Coordinator)]
    public static (IResult, Events, OutgoingMessages) Post(
        RuleDispute request,
        [WriteAggregate] Dispute dispute,
        RulingSubject subject,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock)
    {
        var (onSubject, ruled, messages) = Decide(request, dispute, subject.Share?.Aggregate, user.Id(),
            clock.GetUtcNow(),
            http.CorrelationId());
        subject.Append(onSubject);
        return (Results.Accepted($"/api/disputes/{dispute.Id}"), [ruled], messages);
    }

    /// <summary>The event for the subject's stream, the ruling for the dispute's, and the parties' notices.</summary>
    public static (object OnSubject, DisputeRuled Ruled, OutgoingMessages Messages) Decide(
        RuleDispute request,
        Dispute dispute,
        ShareRequest? share,
        string by,
        DateTimeOffset now,
        string correlation)
    {
        object onSubject = (request.ForConsumer, dispute.Kind) switch
        {
            (true, DisputeKind.ShareRequest) => new ShareRequestGranted(dispute.Subject, share!.Resource,
                share.Provider,
                (request.Fields ?? share.Fields).ToList(), request.ValidUntil ?? share.ValidUntil, share.Purpose,
                    "ruling",
                false, by, now),
            (true, _) => new QualityCorrectionOrdered(dispute.Subject, dispute.Id, request.Decision, now),
            (false, DisputeKind.ShareRequest) => new ShareRequestRulingUpheld(dispute.Subject, dispute.Id,
                request.Decision, now),
            _ => new QualityReportUpheld(dispute.Subject, dispute.Id, request.Decision, now),
        };
        var ruled = new DisputeRuled(dispute.Id, request.ForConsumer, request.Decision, request.Fields,
            request.ValidUntil, by, now);
        var outcome = request.ForConsumer ? "ruled-for-consumer" : "ruled-for-provider";
        return (onSubject, ruled,
        [
            SharingNotices.To(dispute.Consumer, dispute.Id, outcome, request.Decision, correlation, now),
            SharingNotices.To(dispute.Provider, dispute.Id, outcome, request.Decision, correlation, now),
        ]);
    }
}
