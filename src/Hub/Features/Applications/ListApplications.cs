using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Applications;

/// <summary>What the caller asked the list for: the page and the filters, each checked.</summary>
public sealed record ApplicationQuery(
    PageQuery Page,
    string? OneThing,
    string? State,
    string? Department,
    DateTimeOffset? From,
    DateTimeOffset? To);

public static class ListApplicationsEndpoint
{
    public const string List = "applications";

    public static (ApplicationQuery?, ProblemDetails) Load(
        int? limit,
        string? after,
        string? oneThing,
        string? state,
        string? department,
        string? from,
        string? to)
    {
        var errors = new Dictionary<string, string[]>();
        ListFilters.Code(oneThing, "oneThing", errors);
        ListFilters.OneOf(state, "state", ApplicationStates.All, errors);
        ListFilters.Code(department, "department", errors);
        var (f, t) = ListFilters.Range(from, to, errors);
        if (errors.Count > 0) return (null, Problems.Validation(errors));
        var (page, problem) = Paging.ReadTimed(limit, after, List);
        return page is null ? (null, problem)
            : (new ApplicationQuery(page, oneThing, state, department, f, t), WolverineContinue.NoProblems);
    }

    /// <summary>Applications by submission, oldest first: a front office's own, a department's where it has a part
    /// in a service, all of them for the coordinating office. <c>?department=</c> keeps those where that unit has a
    /// part; <c>from</c> (inclusive) and <c>to</c> (exclusive) bound the submission time.</summary>
    [WolverineGet("/api/applications"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<Page<ApplicationStatus>>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<Page<ApplicationStatus>> Get(
        ApplicationQuery query,
        ClaimsPrincipal user,
        IQuerySession session,
        TimeProvider clock,
        WorkingCalendar calendar,
        CancellationToken ct)
    {
        IReadOnlyList<ApplicationView> rows;
        if (user.IsInRole(Roles.Coordinator))
            rows = await Filtered(session.Query<ApplicationView>(), query).Seek(query.Page, v => v.SubmittedAt,
                v => v.Id).ToListAsync(ct);
        else
        {
            // Two index seeks, one per way of being a party, merged: an OR would scan.
            var own = user.Department()!;
            var asFrontOffice = await Filtered(session.Query<ApplicationView>(), query)
                .Where(v => v.FrontOffice == own).Seek(query.Page, v => v.SubmittedAt, v => v.Id).ToListAsync(ct);
            var asUnit = await Filtered(session.Query<ApplicationView>(), query)
                .Where(v => v.Departments.IsSupersetOf(own)).Seek(query.Page, v => v.SubmittedAt, v => v.Id)
                .ToListAsync(ct);
            rows = Paging.Merge([asFrontOffice, asUnit], query.Page, v => v.SubmittedAt, v => v.Id);
        }
        var now = clock.GetUtcNow();
        var page = Paging.Of(rows, query.Page, v => v.SubmittedAt, v => v.Id);
        return new Page<ApplicationStatus>([.. page.Items.Select(v => GetApplicationEndpoint.Status(v, now, calendar,
            showApplicant: user.Department() == v.FrontOffice))], page.Next);
    }

    private static IQueryable<ApplicationView> Filtered(IQueryable<ApplicationView> views, ApplicationQuery q)
    {
        if (q.OneThing is { } oneThing) views = views.Where(v => v.OneThing == oneThing);
        if (q.State is { } state) views = views.Where(v => v.State == state);
        if (q.Department is { } department) views = views.Where(v => v.Departments.IsSupersetOf(department));
        if (q.From is { } from) views = views.Where(v => v.SubmittedAt >= from);
        if (q.To is { } to) views = views.Where(v => v.SubmittedAt < to);
        return views;
    }
}
