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

public static class RegisterDepartmentEndpoint
{
    /// <summary>Whether the unit's stream exists already (two registrations at once: Marten refuses the second).
    /// </summary>
    public sealed record Registry(bool Registered);

    public static async Task<Registry> LoadAsync(Department request, IQuerySession session, CancellationToken ct) =>
        new(request is not null && Codes.IsCode(request.Code)
            && await session.Events.FetchStreamStateAsync(DepartmentView.StreamKey(request.Code), ct) is not null);

    public static ProblemDetails Validate(Department request, Registry registry)
    {
        var errors = DepartmentRules.Check(request);
        if (errors.Count > 0) return Problems.Validation(errors);
        return registry.Registered
            ? Problems.Conflict($"Department '{request.Code}' is already registered.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The coordinating office registers a unit in the registry.</summary>
    [WolverinePost("/api/departments"), Authorize(Roles = Roles.Coordinator)]
    public static (CreationResponse, IStartStream) Post(Department request, ClaimsPrincipal user, TimeProvider clock)
    {
        var registered = DepartmentRules.Registered(request, user.Id(), clock.GetUtcNow());
        return (new CreationResponse($"/api/departments/{request.Code}"),
            MartenOps.StartStream<DepartmentView>(DepartmentView.StreamKey(request.Code), registered));
    }
}

public static class DepartmentRules
{
    public static Dictionary<string, string[]> Check(Department? d)
    {
        var errors = new Dictionary<string, string[]>();
        if (d is null) return new() { ["body"] = ["A department is required."] };
        if (!Codes.IsCode(d.Code)) errors["code"] = [Codes.CodeRule];
        if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > 100)
            errors["name"] = ["Give a name of 1 to 100 characters."];
        if (string.IsNullOrWhiteSpace(d.FullName) || d.FullName.Length > 200)
            errors["fullName"] = ["Give a full name of 1 to 200 characters."];
        if (!DepartmentKinds.All.Contains(d.Kind))
            errors["kind"] = [$"Use one of {string.Join(", ", DepartmentKinds.All)}."];
        if (d.Level is not ("city" or "district")) errors["level"] = ["Use city or district."];
        if (d.Level == "district" && string.IsNullOrWhiteSpace(d.District))
            errors["district"] = ["A district-level unit names its district."];
        if (d.District?.Length > 100) errors["district"] = ["Give a district of at most 100 characters."];
        if (d.DivisionCode is { } division && (division.Length != 6 || !division.All(char.IsAsciiDigit)))
            errors["divisionCode"] = ["Give the six digits of the division code."];
        return errors;
    }

    public static DepartmentRegistered Registered(Department d, string by, DateTimeOffset at) =>
        new(d.Code, d.Name.Trim(), d.FullName.Trim(), d.Kind, d.Level, d.District, by, at, d.DivisionCode);
}
