using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

public static class RequestShareEndpoint
{
    public static Task<Resource?> LoadAsync(RequestShare request, IQuerySession session, CancellationToken ct) =>
        session.Events.AggregateStreamAsync<Resource>(Resource.StreamKey(request.Resource), token: ct);

    public static ProblemDetails Validate(RequestShare request, Resource? resource, ClaimsPrincipal user,
        TimeProvider clock)
    {
        if (resource is null) return Problems.Validation("resource", $"No data resource '{request.Resource}'.");
        if (resource.Retired) return Problems.Conflict($"{resource.Code} is retired: nothing more is shared under it.");
        var errors = new Dictionary<string, string[]>();
        if (resource.Provider == user.Department()) errors["resource"] =
            ["A provider does not request its own resource."];
        var unknown = request.Fields.Where(f => !resource.Fields.Contains(f)).ToList();
        if (unknown.Count > 0)
            errors["fields"] = [$"Ask for fields of {resource.Code}; unknown: {string.Join(", ", unknown)}."];
        var today = WorkingCalendar.Today(clock.GetUtcNow());
        if (!DateOnly.TryParseExact(request.ValidUntil, "yyyy-MM-dd", out var until) || until <= today
            || until > today.AddYears(3))
            errors["validUntil"] = ["Give a date (yyyy-MM-dd) after today and within three years."];
        return errors.Count > 0 ? Problems.Validation(errors) : WolverineContinue.NoProblems;
    }

    /// <summary>供需对接: unconditional resources are granted after the compliance check; conditional ones wait for the
    /// provider within its deadline; resources that are not shared are refused at once, with the reason.</summary>
    [WolverinePost("/api/share-requests"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ShareRequestStatus>(201), ProducesResponseType<ProblemDetails>(409)]
    public static (IResult, IMartenOp, OutgoingMessages) Post(
        RequestShare request,
        Resource resource,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock,
        WorkingCalendar calendar)
    {
        var now = clock.GetUtcNow();
        var consumer = user.Department()!;
        if (resource.Sharing == ResourceSharing.NotShared)
            return (Results.Problem(Problems.Conflict(
                    $"{resource.Name} ({resource.Code}) is 不予共享 (not shared): no department may be granted it.")),
                new RecordRefusal(consumer,
                    new ShareRequestRefused(consumer, resource.Code, "不予共享: the resource is not shared.", user.Id(),
                        now)),
                []);

        var id = Guid.CreateVersion7().ToString();
        var due = resource.Sharing == ResourceSharing.Conditional
            ? calendar.AddWorkingDays(now, resource.ApprovalDays) : (DateTimeOffset?)null;
        var requested = new ShareRequested(id, resource.Code, resource.Provider, consumer, request.Purpose,
            request.LegalBasis, request.Fields.Distinct().ToList(), request.ValidUntil, due, user.Id(), now);
        var view = ShareRequestProjection.Create(requested);
        var location = $"/api/share-requests/{id}";
        if (due is null)
        {
            var granted = new ShareRequestGranted(id, resource.Code, resource.Provider, requested.Fields,
                request.ValidUntil, request.Purpose, "compliance-check", true, "hub", now);
            ShareRequestProjection.Apply(granted, view);
            return (Results.Created(location, view.Status(calendar)), MartenOps.StartStream<ShareRequest>(id,
                requested, granted), []);
        }
        return (Results.Created(location, view.Status(calendar)), MartenOps.StartStream<ShareRequest>(id, requested),
        [
            SharingNotices.To(resource.Provider, id, "request",
                $"{consumer} asks for {resource.Code}: {request.Purpose}",
                http.CorrelationId(), now, location),
            new ShareRequestDue(id, due.Value).ScheduledAt(due.Value),
        ]);
    }
}
