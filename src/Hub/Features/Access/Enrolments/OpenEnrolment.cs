using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Access.Enrolments;

public static class OpenEnrolmentEndpoint
{
    public static Task<DepartmentState?> LoadAsync(string code, IQuerySession session, CancellationToken ct) =>
        DepartmentState.LoadAsync(session, code, ct);

    /// <summary>The role asked for, or the opener's default: the coordinator enrols systems, governance officers.
    /// </summary>
    public static string RoleOf(OpenEnrolment request, ClaimsPrincipal user) =>
        request.Role ?? (user.IsInRole(Roles.Governance) ? Roles.Governance : Roles.Department);

    public static ProblemDetails Validate(string code, OpenEnrolment request, DepartmentState? department,
        ClaimsPrincipal user, HubOptions options)
    {
        if (department is null) return Problems.NotFound($"No department '{code}' in the registry.");
        var role = RoleOf(request, user);
        if (KeyPolicy.Refusal(role, department.Kind) is { } refusal) return Problems.Validation("role", refusal);
        // Governance audits the coordinator: its keys never come from the coordinator, and governance enrols only
        // its own kind.
        if (role == Roles.Governance && !user.IsInRole(Roles.Governance))
            return Problems.Forbidden("Governance keys come from the bootstrap or two governance officers, "
                + "never from the coordinating office.");
        if (role != Roles.Governance && !user.IsInRole(Roles.Coordinator))
            return Problems.Forbidden("Governance officers enrol governance keys only.");
        if (request.Label is { Length: > 200 }) return Problems.Validation("label", "At most 200 characters.");
        var most = (int)options.KeyLifetime.TotalDays;
        return request.ValidDays is { } days && (days < 1 || days > most)
            ? Problems.Validation("validDays", $"Use 1 to {most} days.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// Opens a one-time enrolment for a unit's key. The answer holds the code (shown once), to be passed to the
    /// unit out of band; its system redeems it at <c>POST /api/enrolments/redemption</c> within 24 hours. A
    /// governance enrolment waits for a second governance officer's approval.
    /// </summary>
    [WolverinePost("/api/departments/{code}/enrolments"), Authorize(Roles = $"{Roles.Coordinator},{Roles.Governance}")]
    [ProducesResponseType<EnrolmentCode>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(
        string code,
        OpenEnrolment request,
        ClaimsPrincipal user,
        HubOptions options,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var role = RoleOf(request, user);
        var (id, secret, hash) = EnrolmentCodes.New();
        var lifetime = request.ValidDays is { } days ? TimeSpan.FromDays(days) : options.KeyLifetime;
        var opened = new EnrolmentOpened(id, hash, code, role, request.Label, lifetime, role == Roles.Governance,
            user.Id(), user.FindFirstValue(Principal.KeyIdClaim) ?? "", now, now + EnrolmentCodes.Lifetime);
        var answer = new EnrolmentCode(id, secret, code, role, opened.ExpiresAt, opened.NeedsApproval);
        return (Results.Created((string?)null, answer),
            MartenOps.StartStream<EnrolmentState>(EnrolmentState.StreamKey(id), opened));
    }
}
