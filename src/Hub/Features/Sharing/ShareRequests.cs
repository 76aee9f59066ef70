using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>Notices about sharing, on the departments' own channels.</summary>
public static class SharingNotices
{
    public const string Coordinator = "government-services";

    public static DeliverToDepartment To(string department, string subject, string what, string detail,
        string correlation, DateTimeOffset now, string? location = null) =>
        DeliverToDepartment.To(DeliverToDepartment.Compose($"share-{what}", department, correlation, now, new SharingNotice(subject, what, detail, location)));
}

public static class RequestShareEndpoint
{
    public static async Task<(ResourceView?, ProblemDetails)> LoadAsync(RequestShare request, ClaimsPrincipal user, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
    {
        if (request is null) return (null, Problems.Validation("body", "Describe the request."));
        var resource = await session.LoadAsync<ResourceView>(ResourceView.StreamKey(request.Resource ?? ""), ct);
        if (resource is null) return (null, Problems.Validation("resource", $"No data resource '{request.Resource}'."));
        var r = resource.Resource;
        var errors = new Dictionary<string, string[]>();
        if (r.Provider == user.Department()) errors["resource"] = ["A provider does not request its own resource."];
        if (string.IsNullOrWhiteSpace(request.Purpose) || request.Purpose.Length > 500) errors["purpose"] = ["State the purpose (at most 500 characters)."];
        if (string.IsNullOrWhiteSpace(request.LegalBasis) || request.LegalBasis.Length > 500) errors["legalBasis"] = ["State the legal basis (at most 500 characters)."];
        var unknown = (request.Fields ?? []).Where(f => f is null || r.Fields.All(x => x.Code != f)).ToList();
        if (request.Fields is not { Count: > 0 } || unknown.Count > 0) errors["fields"] = [$"Ask for fields of {r.Code}{(unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}" : "")}."];
        var today = WorkingCalendar.Today(clock.GetUtcNow());
        if (!DateOnly.TryParseExact(request.ValidUntil, "yyyy-MM-dd", out var until) || until <= today || until > today.AddYears(3))
            errors["validUntil"] = ["Give a date (yyyy-MM-dd) after today and within three years."];
        return errors.Count > 0 ? (null, Problems.Validation(errors)) : (resource, WolverineContinue.NoProblems);
    }

    /// <summary>供需对接: unconditional resources are granted after the compliance check; conditional ones wait for the
    /// provider within its deadline; resources that are not shared are refused at once, with the reason.</summary>
    [WolverinePost("/api/share-requests"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ShareRequestStatus>(201), ProducesResponseType<ProblemDetails>(409)]
    public static (IResult, OutgoingMessages) Post(RequestShare request, ResourceView resource, ClaimsPrincipal user, IDocumentSession session,
        HttpContext http, TimeProvider clock, WorkingCalendar calendar)
    {
        var r = resource.Resource;
        var now = clock.GetUtcNow();
        var consumer = user.Department()!;
        var messages = new OutgoingMessages();
        if (r.SharingClass == SharingClasses.NotShared)
        {
            session.Events.Append($"refusals/{consumer}", new ShareRequestRefused(consumer, r.Code, "不予共享: the resource is not shared.", user.Id(), now));
            return (Results.Problem(Problems.Conflict($"{r.Name} ({r.Code}) is 不予共享 (not shared): no department may be granted it.")), messages);
        }

        var id = Guid.CreateVersion7().ToString();
        var due = r.SharingClass == SharingClasses.Conditional ? calendar.AddWorkingDays(now, r.ApprovalDays) : (DateTimeOffset?)null;
        var requested = new ShareRequested(id, r.Code, r.Provider, consumer, request.Purpose, request.LegalBasis, request.Fields.Distinct().ToList(),
            request.ValidUntil, due, user.Id(), now);
        var view = ShareRequestProjection.Create(requested);
        if (due is null)
        {
            var granted = new ShareRequestGranted(id, r.Code, r.Provider, requested.Fields, request.ValidUntil, request.Purpose, "compliance-check", true, "hub", now);
            session.Events.StartStream<ShareRequestView>(id, requested, granted);
            ShareRequestProjection.Apply(granted, view);
        }
        else
        {
            session.Events.StartStream<ShareRequestView>(id, requested);
            messages.Add(SharingNotices.To(r.Provider, id, "request", $"{consumer} asks for {r.Code}: {request.Purpose}", http.CorrelationId(), now,
                $"/api/share-requests/{id}"));
            messages.Add(new SharingDeadline(id, "share-request", due.Value).ScheduledAt(due.Value));
        }
        return (Results.Created($"/api/share-requests/{id}", view.Status()), messages);
    }
}

public static class GetShareRequestEndpoint
{
    [WolverineGet("/api/share-requests/{id}"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<ShareRequestStatus>(200)]
    public static async Task<IResult> Get(string id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var view = await session.LoadAsync<ShareRequestView>(id, ct);
        if (view is null) return Results.Problem(Problems.NotFound($"No share request {id}."));
        return user.IsInRole(Roles.Coordinator) || user.Department() == view.Consumer || user.Department() == view.Provider
            ? Results.Ok(view.Status()) : Results.Problem(Problems.Forbidden("Only the two parties and the coordinating office read a share request."));
    }

}

/// <summary>
/// The provider's answers. The request's stream is locked for the write (Marten's exclusive fetch), so an approval
/// and a rejection arriving together are decided one after the other: the second finds the request answered (409).
/// </summary>
public static class AnswerShareRequestEndpoints
{
    public static ProblemDetails Validate(ShareRequestView view, ClaimsPrincipal user) =>
        user.IsDepartment(view.Provider) ? WolverineContinue.NoProblems : Problems.Forbidden($"Only the provider, {view.Provider}, answers this request.");

    private static bool InTime(ShareRequestView view, DateTimeOffset now) => view.DueAt is null || now <= view.DueAt;

    /// <summary>The provider approves, possibly narrowing the fields and the validity.</summary>
    [WolverinePost("/api/share-requests/{id}/approval"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Approve(string id, ApproveShareRequest request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] ShareRequestView view, ClaimsPrincipal user, HttpContext http, TimeProvider clock)
    {
        if (view.State != ShareStates.Pending) return (Results.Problem(Problems.Conflict($"The request is {view.State}.")), [], []);
        var fields = request?.Fields ?? view.Fields;
        if (fields.Count == 0 || fields.Any(f => f is null || !view.Fields.Contains(f)))
            return (Results.Problem(Problems.Validation("fields", "Approve some of the requested fields, no others.")), [], []);
        var until = request?.ValidUntil ?? view.ValidUntil;
        if (!DateOnly.TryParseExact(until, "yyyy-MM-dd", out var u) || u > DateOnly.Parse(view.ValidUntil))
            return (Results.Problem(Problems.Validation("validUntil", "At most the requested validity (yyyy-MM-dd).")), [], []);
        var now = clock.GetUtcNow();
        return (Results.Accepted($"/api/share-requests/{id}"),
            [new ShareRequestGranted(id, view.Resource, view.Provider, fields.Distinct().ToList(), until, view.Purpose, "provider", InTime(view, now), user.Id(), now)],
            [SharingNotices.To(view.Consumer, id, "granted", $"{view.Resource}: {string.Join(", ", fields)} until {until}", http.CorrelationId(), now)]);
    }

    /// <summary>The provider rejects, with its reasons; the consumer may contest it.</summary>
    [WolverinePost("/api/share-requests/{id}/rejection"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Reject(string id, RejectShareRequest request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] ShareRequestView view, ClaimsPrincipal user, HttpContext http, TimeProvider clock)
    {
        if (view.State != ShareStates.Pending) return (Results.Problem(Problems.Conflict($"The request is {view.State}.")), [], []);
        if (request?.Reasons is not { Count: > 0 } || request.Reasons.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > 500))
            return (Results.Problem(Problems.Validation("reasons", "Give the reasons (1 to 500 characters each).")), [], []);
        var now = clock.GetUtcNow();
        return (Results.Accepted($"/api/share-requests/{id}"),
            [new ShareRequestRejected(id, view.Resource, view.Provider, request.Reasons, InTime(view, now), user.Id(), now)],
            [SharingNotices.To(view.Consumer, id, "rejected", string.Join("; ", request.Reasons), http.CorrelationId(), now)]);
    }
}

public static class RevokeGrantEndpoint
{
    /// <summary>The provider or the coordinating office revokes a grant; exchanges under it stop at once (no new ones
    /// are routed, and answers not yet handed over are withheld: <see cref="HandOver"/>).</summary>
    [WolverinePost("/api/share-requests/{id}/grant/revocation"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    public static async Task<(IResult, OutgoingMessages)> RevokeGrant(string id, RevokeGrant request, ClaimsPrincipal user, IDocumentSession session,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        // Locked until commit: a revocation and a dispute or a second revocation are decided one after the other.
        var stream = await session.Events.FetchForExclusiveWriting<ShareRequestView>(id, ct);
        var view = stream.Aggregate;
        if (view is null) return (Results.Problem(Problems.NotFound($"No share request {id}.")), []);
        if (!user.IsInRole(Roles.Coordinator) && !user.IsDepartment(view.Provider))
            return (Results.Problem(Problems.Forbidden("Only the provider or the coordinating office revokes a grant.")), []);
        if (view.Grant is not { State: "active" }) return (Results.Problem(Problems.Conflict("There is no active grant.")), []);
        if (string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > 1000) return (Results.Problem(Problems.Validation("reason", "Give the reason.")), []);
        var now = clock.GetUtcNow();
        stream.AppendOne(new GrantRevoked(id, request.Reason, user.Id(), now));
        return (Results.Accepted($"/api/share-requests/{id}"), [SharingNotices.To(view.Consumer, id, "grant-revoked", request.Reason, http.CorrelationId(), now)]);
    }
}
