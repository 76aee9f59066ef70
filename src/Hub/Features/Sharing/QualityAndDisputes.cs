using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class QualityReportEndpoints
{
    public const int AnswerDays = 5, RulingDays = 10;

    /// <summary>The consumer reports wrong or missing data; the provider must answer within its deadline.</summary>
    [WolverinePost("/api/exchanges/{id}/quality-reports"), Authorize(Roles = Roles.Department)]
    public static async Task<(IResult, OutgoingMessages)> Report(string id, ReportQuality request, ClaimsPrincipal user, IDocumentSession session,
        HttpContext http, TimeProvider clock, WorkingCalendar calendar, CancellationToken ct)
    {
        var exchange = await session.LoadAsync<ExchangeView>(id, ct);
        if (exchange is null) return (Results.Problem(Problems.NotFound($"No exchange {id}.")), []);
        if (!user.IsDepartment(exchange.Consumer)) return (Results.Problem(Problems.Forbidden("Only the consumer reports on its exchange.")), []);
        if (string.IsNullOrWhiteSpace(request?.Problem) || request.Problem.Length > 2000)
            return (Results.Problem(Problems.Validation("problem", "Describe what is wrong or missing (at most 2000 characters).")), []);
        var now = clock.GetUtcNow();
        var due = calendar.AddWorkingDays(now, AnswerDays);
        var reportId = Guid.CreateVersion7().ToString();
        session.Events.StartStream<QualityReportView>(reportId, new QualityReported(reportId, id, exchange.Resource, exchange.Provider, exchange.Consumer,
            request.Problem, request.Fields ?? [], due, user.Id(), now));
        return (Results.Created($"/api/quality-reports/{reportId}", new QualityReportStatus(reportId, id, exchange.Resource, exchange.Provider,
                exchange.Consumer, "open", request.Problem, now, due)),
            [SharingNotices.To(exchange.Provider, reportId, "quality-report", request.Problem, http.CorrelationId(), now, $"/api/quality-reports/{reportId}"),
             new SharingDeadline(reportId, "quality-report", due).ScheduledAt(due)]);
    }

    [WolverineGet("/api/quality-reports/{id}"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    public static async Task<IResult> Get(string id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var view = await session.LoadAsync<QualityReportView>(id, ct);
        if (view is null) return Results.Problem(Problems.NotFound($"No quality report {id}."));
        var s = view.Status;
        return user.IsInRole(Roles.Coordinator) || user.Department() == s.Consumer || user.Department() == s.Provider
            ? Results.Ok(s) : Results.Problem(Problems.Forbidden("Only the parties and the coordinating office read it."));
    }

    /// <summary>The provider answers: it accepts (and corrects) or contests the report.</summary>
    [WolverinePost("/api/quality-reports/{id}/answer"), Authorize(Roles = Roles.Department)]
    public static async Task<(IResult, OutgoingMessages)> Answer(string id, AnswerQualityReport request, ClaimsPrincipal user, IDocumentSession session,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<QualityReportView>(id, ct);
        var view = stream.Aggregate;
        if (view is null) return (Results.Problem(Problems.NotFound($"No quality report {id}.")), []);
        if (!user.IsDepartment(view.Status.Provider)) return (Results.Problem(Problems.Forbidden("Only the provider answers it.")), []);
        if (view.Status.State != "open") return (Results.Problem(Problems.Conflict($"The report is {view.Status.State}.")), []);
        if (string.IsNullOrWhiteSpace(request?.Response) || request.Response.Length > 2000)
            return (Results.Problem(Problems.Validation("response", "Give the response (at most 2000 characters).")), []);
        var now = clock.GetUtcNow();
        stream.AppendOne(new QualityReportAnswered(id, request.Accepted, request.Response, user.Id(), now));
        return (Results.Accepted($"/api/quality-reports/{id}"),
            [SharingNotices.To(view.Status.Consumer, id, request.Accepted ? "quality-accepted" : "quality-contested", request.Response, http.CorrelationId(), now)]);
    }
}

public static class DisputeEndpoints
{
    /// <summary>The consumer contests a rejected share request.</summary>
    [WolverinePost("/api/share-requests/{id}/disputes"), Authorize(Roles = Roles.Department)]
    public static async Task<(IResult, OutgoingMessages)> OnShareRequest(string id, RaiseDispute request, ClaimsPrincipal user, IDocumentSession session,
        HttpContext http, TimeProvider clock, WorkingCalendar calendar, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<ShareRequestView>(id, ct);
        var view = stream.Aggregate;
        if (view is null) return (Results.Problem(Problems.NotFound($"No share request {id}.")), []);
        if (!user.IsDepartment(view.Consumer)) return (Results.Problem(Problems.Forbidden("Only the consumer contests its request.")), []);
        if (view.State != ShareStates.Rejected && !(view.State == ShareStates.Pending && view.Breached))
            return (Results.Problem(Problems.Conflict($"A {view.State} request cannot be contested.")), []);
        if (view.History.Any(h => h.What == "ruled-for-provider"))
            return (Results.Problem(Problems.Conflict("The coordinating office has ruled on this request; the ruling is final.")), []);
        return Raise(session, id, "share-request", view.Consumer, view.Provider, request, user, http, clock, calendar,
            disputeId => stream.AppendOne(new ShareRequestDisputed(id, disputeId, clock.GetUtcNow())));
    }

    /// <summary>The consumer contests the provider's answer to a quality report, or its silence past the deadline.</summary>
    [WolverinePost("/api/quality-reports/{id}/disputes"), Authorize(Roles = Roles.Department)]
    public static async Task<(IResult, OutgoingMessages)> OnQualityReport(string id, RaiseDispute request, ClaimsPrincipal user, IDocumentSession session,
        HttpContext http, TimeProvider clock, WorkingCalendar calendar, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<QualityReportView>(id, ct);
        var view = stream.Aggregate;
        if (view is null) return (Results.Problem(Problems.NotFound($"No quality report {id}.")), []);
        if (!user.IsDepartment(view.Status.Consumer)) return (Results.Problem(Problems.Forbidden("Only the consumer contests it.")), []);
        if (view.Status.State != "contested-by-provider" && !(view.Status.State == "open" && view.Status.Breached))
            return (Results.Problem(Problems.Conflict($"A report that is {view.Status.State} cannot be disputed.")), []);
        return Raise(session, id, "quality-report", view.Status.Consumer, view.Status.Provider, request, user, http, clock, calendar,
            disputeId => stream.AppendOne(new QualityReportDisputed(id, disputeId, clock.GetUtcNow())));
    }

    private static (IResult, OutgoingMessages) Raise(IDocumentSession session, string subject, string kind, string consumer, string provider,
        RaiseDispute request, ClaimsPrincipal user, HttpContext http, TimeProvider clock, WorkingCalendar calendar, Action<string> markSubject)
    {
        if (string.IsNullOrWhiteSpace(request?.Position) || request.Position.Length > 4000)
            return (Results.Problem(Problems.Validation("position", "State your position (at most 4000 characters).")), []);
        var now = clock.GetUtcNow();
        var due = calendar.AddWorkingDays(now, QualityReportEndpoints.RulingDays);
        var disputeId = Guid.CreateVersion7().ToString();
        session.Events.StartStream<DisputeView>(disputeId, new DisputeRaised(disputeId, subject, kind, consumer, provider, request.Position, due, user.Id(), now));
        markSubject(disputeId);
        var location = $"/api/disputes/{disputeId}";
        return (Results.Created(location, new DisputeStatus(disputeId, subject, kind, consumer, provider, "open", request.Position, now, due)),
            [SharingNotices.To(provider, disputeId, "dispute", "State your position: POST " + location + "/position", http.CorrelationId(), now, location),
             SharingNotices.To(SharingNotices.Coordinator, disputeId, "dispute", $"{consumer} contests {kind} {subject}", http.CorrelationId(), now, location),
             new SharingDeadline(disputeId, "dispute", due).ScheduledAt(due)]);
    }

    [WolverineGet("/api/disputes/{id}"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    public static async Task<IResult> Get(string id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var view = await session.LoadAsync<DisputeView>(id, ct);
        if (view is null) return Results.Problem(Problems.NotFound($"No dispute {id}."));
        return user.IsInRole(Roles.Coordinator) || user.Department() == view.Status.Consumer || user.Department() == view.Status.Provider
            ? Results.Ok(view.Status) : Results.Problem(Problems.Forbidden("Only the parties and the coordinating office read a dispute."));
    }

    /// <summary>The provider states its position before the ruling.</summary>
    [WolverinePost("/api/disputes/{id}/position"), Authorize(Roles = Roles.Department)]
    public static async Task<IResult> Position(string id, StatePosition request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<DisputeView>(id, ct);
        var view = stream.Aggregate;
        if (view is null) return Results.Problem(Problems.NotFound($"No dispute {id}."));
        if (!user.IsDepartment(view.Status.Provider)) return Results.Problem(Problems.Forbidden("Only the provider states its position here."));
        if (view.Status.State != "open") return Results.Problem(Problems.Conflict("The dispute is ruled."));
        if (string.IsNullOrWhiteSpace(request?.Position) || request.Position.Length > 4000)
            return Results.Problem(Problems.Validation("position", "State your position (at most 4000 characters)."));
        stream.AppendOne(new DisputePositionStated(id, "provider", request.Position, user.Id(), clock.GetUtcNow()));
        return Results.Accepted($"/api/disputes/{id}");
    }

    /// <summary>The coordinating office rules. For the consumer: a contested request becomes a grant; a contested
    /// quality report becomes a correction the provider must make.</summary>
    [WolverinePost("/api/disputes/{id}/ruling"), Authorize(Roles = Roles.Coordinator)]
    public static async Task<(IResult, OutgoingMessages)> Rule(string id, RuleDispute request, ClaimsPrincipal user, IDocumentSession session,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        // The dispute is locked until commit: two rulings at the same moment are decided one after the other.
        var stream = await session.Events.FetchForExclusiveWriting<DisputeView>(id, ct);
        var view = stream.Aggregate;
        if (view is null) return (Results.Problem(Problems.NotFound($"No dispute {id}.")), []);
        if (view.Status.State != "open") return (Results.Problem(Problems.Conflict("The dispute is already ruled.")), []);
        if (string.IsNullOrWhiteSpace(request?.Decision) || request.Decision.Length > 4000)
            return (Results.Problem(Problems.Validation("decision", "Give the decision (at most 4000 characters).")), []);
        var now = clock.GetUtcNow();
        var d = view.Status;
        if (request.ForConsumer && d.Kind == "share-request")
        {
            var share = (await session.LoadAsync<ShareRequestView>(d.Subject, ct))!;
            var fields = request.Fields ?? share.Fields;
            if (fields.Count == 0 || fields.Any(f => !share.Fields.Contains(f)))
                return (Results.Problem(Problems.Validation("fields", "Grant some of the requested fields.")), []);
            var today = WorkingCalendar.Today(now);
            if (request.ValidUntil is not null && (!DateOnly.TryParseExact(request.ValidUntil, "yyyy-MM-dd", out var until)
                || until <= today || until > today.AddYears(3)))
                return (Results.Problem(Problems.Validation("validUntil", "Give a date (yyyy-MM-dd) after today and within three years.")), []);
            session.Events.Append(d.Subject, new ShareRequestGranted(d.Subject, share.Resource, share.Provider, fields.ToList(),
                request.ValidUntil ?? share.ValidUntil, share.Purpose, "ruling", false, user.Id(), now));
        }
        else if (request.ForConsumer)
            session.Events.Append(d.Subject, new QualityCorrectionOrdered(d.Subject, id, request.Decision, now));
        // For the provider: the subject leaves "disputed" (a request stays rejected, a report's data stands).
        else if (d.Kind == "share-request")
            session.Events.Append(d.Subject, new ShareRequestRulingUpheld(d.Subject, id, request.Decision, now));
        else
            session.Events.Append(d.Subject, new QualityReportUpheld(d.Subject, id, request.Decision, now));
        stream.AppendOne(new DisputeRuled(id, request.ForConsumer, request.Decision, request.Fields, request.ValidUntil, user.Id(), now));
        var outcome = request.ForConsumer ? "ruled-for-consumer" : "ruled-for-provider";
        return (Results.Accepted($"/api/disputes/{id}"),
            [SharingNotices.To(d.Consumer, id, outcome, request.Decision, http.CorrelationId(), now), SharingNotices.To(d.Provider, id, outcome, request.Decision, http.CorrelationId(), now)]);
    }
}

/// <summary>A legal deadline reached: if nothing happened in time, a breach event and an escalation.</summary>
public static class SharingDeadlineHandler
{
    public static async Task<OutgoingMessages> Handle(SharingDeadline deadline, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < deadline.DueAt) return [];
        var correlation = session.CorrelationId ?? deadline.Subject;
        // The subject is locked until commit, so the deadline and a last-minute answer are decided one after the other.
        switch (deadline.Kind)
        {
            case "share-request" when (await session.Events.FetchForExclusiveWriting<ShareRequestView>(deadline.Subject, ct)) is { Aggregate: { State: ShareStates.Pending, Breached: false } r } s:
                s.AppendOne(new ShareRequestDeadlineBreached(r.Id, r.Provider, deadline.DueAt, now));
                return [SharingNotices.To(SharingNotices.Coordinator, r.Id, "deadline-breached", $"{r.Provider} did not answer {r.Consumer}'s request for {r.Resource} by {deadline.DueAt:u}", correlation, now, $"/api/share-requests/{r.Id}"),
                        SharingNotices.To(r.Provider, r.Id, "deadline-breached", "The request is escalated to the coordinating office.", correlation, now)];
            case "quality-report" when (await session.Events.FetchForExclusiveWriting<QualityReportView>(deadline.Subject, ct)) is { Aggregate: { Status: { State: "open", Breached: false } } q } s:
                s.AppendOne(new QualityReportBreached(q.Id, q.Status.Provider, deadline.DueAt, now));
                return [SharingNotices.To(SharingNotices.Coordinator, q.Id, "deadline-breached", $"{q.Status.Provider} did not answer quality report {q.Id}", correlation, now)];
            case "dispute" when (await session.Events.FetchForExclusiveWriting<DisputeView>(deadline.Subject, ct)) is { Aggregate: { Status: { State: "open", Breached: false } } d } s:
                s.AppendOne(new DisputeRulingBreached(d.Id, deadline.DueAt, now));
                return [SharingNotices.To(SharingNotices.Coordinator, d.Id, "deadline-breached", $"Dispute {d.Id} is not ruled by {deadline.DueAt:u}", correlation, now)];
            case "exchange" when (await session.Events.FetchForExclusiveWriting<ExchangeView>(deadline.Subject, ct)) is { Aggregate: { State: ExchangeStates.Routed } x } s:
                s.AppendOne(new ExchangeTimedOut(x.Id, x.Resource, x.Provider, deadline.DueAt, now));
                return [SharingNotices.To(x.Consumer, x.Id, "timed-out", $"{x.Provider} did not answer by {deadline.DueAt:u}", correlation, now, $"/api/exchanges/{x.Id}")];
        }
        return [];
    }
}
