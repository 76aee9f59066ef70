using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Departments;

/// <summary>The coordinating office corrected a unit's entry: the whole of what may change, as it is now.</summary>
public sealed record DepartmentUpdated(
    string Code,
    string Name,
    string FullName,
    string? District,
    string? DivisionCode,
    string UpdatedBy,
    DateTimeOffset UpdatedAt);

public static class UpdateDepartmentEndpoint
{
    public static Task<DepartmentView?> LoadAsync(string code, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<DepartmentView>(DepartmentView.StreamKey(code), ct);

    public static ProblemDetails Validate(string code, UpdateDepartment request, DepartmentView? view)
    {
        if (view is null) return Problems.NotFound($"No department '{code}'.");
        var d = view.Department;
        // The same rules as a registration, on the entry as it would be.
        var errors = DepartmentRules.Check(d with
        {
            Name = request.Name, FullName = request.FullName, District = request.District,
            DivisionCode = request.DivisionCode,
        });
        return errors.Count > 0 ? Problems.Validation(errors) : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The coordinating office corrects a unit's names, district or division code. Its code, kind and level stay (a
    /// unit's keys and roles rest on its kind). Each update replaces the last whatever it was, so nothing is decided
    /// on the entry's version and none is checked.
    /// </summary>
    [WolverinePut("/api/departments/{code}"), Authorize(Roles = Roles.Coordinator)]
    [ProducesResponseType<Department>(200), ProducesResponseType<ProblemDetails>(404)]
    public static (Department, IMartenOp) Put(
        string code,
        UpdateDepartment request,
        DepartmentView view,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var updated = new DepartmentUpdated(code, request.Name.Trim(), request.FullName.Trim(), request.District,
            request.DivisionCode, user.Id(), clock.GetUtcNow());
        DepartmentProjection.Apply(updated, view);
        return (view.Department, MartenOps.Append(DepartmentView.StreamKey(code), updated));
    }
}

public static class GetDepartmentEndpoint
{
    /// <summary>One unit of the registry.</summary>
    [WolverineGet("/api/departments/{code}"), Authorize]
    [ProducesResponseType<Department>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(string code, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<DepartmentView>(DepartmentView.StreamKey(code), ct) is { } view
            ? Results.Ok(view.Department)
            : Results.Problem(Problems.NotFound($"No department '{code}'."));
}
