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

namespace OneThing.Hub.Features.Access;

/// <summary>
/// The old issuing route stays, for the one case where the caller is the key's own holder: the coordinating office
/// issuing another coordinator key for itself. A key for any other unit or role would show that principal's
/// secret to the coordinator: those are refused 403 and go through an enrolment
/// (<c>POST /api/departments/{code}/enrolments</c>), which the unit's own system redeems.
/// </summary>
public static class IssueKeyEndpoint
{
    public static Task<DepartmentState?> LoadAsync(string code, IQuerySession session, CancellationToken ct) =>
        DepartmentState.LoadAsync(session, code, ct);

    public static ProblemDetails Validate(string code, IssueApiKey request, DepartmentState? department,
        ClaimsPrincipal user)
    {
        if (department is null) return Problems.NotFound($"No department '{code}' in the registry.");
        if (request is null) return Problems.Validation("body", "Give the key's role.");
        if (request.Label is { Length: > 200 }) return Problems.Validation("label", "At most 200 characters.");
        if (KeyPolicy.Refusal(request.Role, department.Kind) is { } refusal)
            return Problems.Validation("role", refusal);
        return request.Role == Roles.Coordinator && user.Department() == code
            ? WolverineContinue.NoProblems
            : Problems.Forbidden(
                $"The coordinating office does not hold {code}'s '{request.Role}' key: open an enrolment "
                + $"(POST /api/departments/{code}/enrolments) and let {code}'s own system redeem it.");
    }

    /// <summary>Issues the coordinating office a further coordinator key; the answer is the only place it is shown.
    /// </summary>
    [WolverinePost("/api/departments/{code}/keys"), Authorize(Roles = Roles.Coordinator)]
    [ProducesResponseType<IssuedApiKey>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(
        string code,
        IssueApiKey request,
        ClaimsPrincipal user,
        HubOptions options,
        TimeProvider clock)
    {
        var issued = KeyPolicy.Issue(code, request.Role, request.Label, user.Id(), clock.GetUtcNow(),
            options.KeyLifetime, out var key);
        return (Results.Created((string?)null, KeyPolicy.Answer(issued, key)),
            MartenOps.StartStream<ApiKey>(issued.KeyId, issued));
    }
}
