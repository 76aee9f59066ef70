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

public static class IssueKeyEndpoint
{
    public static Task<DepartmentState?> LoadAsync(string code, IQuerySession session, CancellationToken ct) =>
        DepartmentState.LoadAsync(session, code, ct);

    public static ProblemDetails Validate(string code, IssueApiKey request, DepartmentState? department)
    {
        if (department is null) return Problems.NotFound($"No department '{code}' in the registry.");
        if (request is null) return Problems.Validation("body", "Give the key's role.");
        if (request.Label is { Length: > 200 }) return Problems.Validation("label", "At most 200 characters.");
        return KeyPolicy.Refusal(request.Role, department.Kind) is { } refusal
            ? Problems.Validation("role", refusal)
            : WolverineContinue.NoProblems;
    }

    /// <summary>Issues a key for a department system; the answer is the only place the key is ever shown.</summary>
    [WolverinePost("/api/departments/{code}/keys"), Authorize(Roles = Roles.Coordinator)]
    [ProducesResponseType<IssuedApiKey>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(
        string code,
        IssueApiKey request,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var issued = KeyPolicy.Issue(code, request.Role, request.Label, user.Id(), clock.GetUtcNow(), out var key);
        var answer = new IssuedApiKey(issued.KeyId, key, code, issued.Role, issued.Label, issued.IssuedAt);
        return (Results.Created((string?)null, answer), MartenOps.StartStream<ApiKey>(issued.KeyId, issued));
    }
}
