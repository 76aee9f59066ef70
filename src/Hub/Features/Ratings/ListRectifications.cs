using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Ratings;

public static class ListRectificationsEndpoint
{
    public static (PageQuery?, ProblemDetails) Load(int? limit, string? after) => Paging.Read(limit, after, keys: 1);

    public static ProblemDetails Validate(string? state, string? department, ClaimsPrincipal user)
    {
        if (state is not null && !RectificationStates.All.Contains(state))
            return Problems.Validation("state", $"Use one of {string.Join(", ", RectificationStates.All)}.");
        return department is not null && user.IsInRole(Roles.Department) && !user.IsDepartment(department)
            ? Problems.Forbidden("A department lists its own rectifications only.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// Rectifications, oldest first (by id: GUID v7, in the order they were opened). The coordinating office sees
    /// all; a department its own: those it is rated in, and those of ratings it passed on as a front office, which
    /// it follows up. <c>?state=</c>, <c>?department=</c> (the rated one), <c>?overdue=true|false</c>.
    /// </summary>
    [WolverineGet("/api/rectifications"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<Page<RectificationStatus>>(200)]
    public static async Task<Page<RectificationStatus>> Get(
        PageQuery page,
        string? state,
        string? department,
        bool? overdue,
        ClaimsPrincipal user,
        IQuerySession session,
        WorkingCalendar calendar,
        CancellationToken ct)
    {
        IQueryable<RectificationView> query = session.Query<RectificationView>();
        if (!user.IsInRole(Roles.Coordinator))
        {
            var own = user.Department();
            query = query.Where(r => r.Department == own || r.FrontOffice == own);
        }
        if (department is not null) query = query.Where(r => r.Department == department);
        if (state is not null) query = query.Where(r => r.State == state);
        if (overdue is { } late) query = query.Where(r => r.Overdue == late);
        if (page.TryAfter(out var key)) query = query.Where(r => r.Id.CompareTo(key) > 0);
        var rows = await query.OrderBy(r => r.Id).Take(page.Limit + 1).ToListAsync(ct);
        return Paging.Of([.. rows.Select(r => r.Read(calendar))], page, r => [r.Id]);
    }

    /// <summary>The status with its deadline flagged when it falls in a year whose working days are not published.
    /// </summary>
    public static RectificationStatus Read(this RectificationView view, WorkingCalendar calendar) =>
        calendar.IsProvisional(view.Status.DueAt) && view.State is RectificationStates.Open
            ? view.Status with { DeadlineProvisional = true }
            : view.Status;
}
