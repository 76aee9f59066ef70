using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Applications;

public static class PreviewApplicationEndpoint
{
    public static Task<SubmissionContext> LoadAsync(
        SubmitApplication request,
        ClaimsPrincipal user,
        HttpContext http,
        IQuerySession session,
        FormLookups lookups,
        CancellationToken ct) =>
        SubmitApplicationEndpoint.Context(request, user, http.CorrelationId(), session, lookups, ct);

    /// <summary>The submission's checks, but for the fields still to type: those are what the preview is for.
    /// </summary>
    public static ProblemDetails Validate(SubmitApplication request, SubmissionContext context)
    {
        var problem = SubmitApplicationEndpoint.Validate(request, context);
        if (ReferenceEquals(problem, WolverineContinue.NoProblems) || context.Filled is null) return problem;
        var toType = context.Filled.ToType.Select(f => $"form.{f.Code}").ToHashSet();
        var rest = context.PlanErrors.Where(e => !toType.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        return rest.Count > 0 ? Problems.Validation(rest) : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The one form as the hub would fill it for this submission: each field's value with its source (licence,
    /// exchange, the applicant), the required fields still to type, and the materials really spared. No application
    /// is stored; the licences read and the exchanges made are recorded as any read of shared data is.
    /// </summary>
    [WolverinePost("/api/applications/preview"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ApplicationPreview>(200)]
    public static ApplicationPreview Post(SubmitApplication request, SubmissionContext context)
    {
        var found = context.Found!;
        var values = context.Filled!.Values;
        var fields = context.Fields!.Select(f => values.GetValueOrDefault(f.Code) is { } v
            ? new FormValue(f.Code, f.First.Label, f.First.Type, f.NeededAtSubmission,
                [.. f.Uses.Select(u => u.Service)], v.Value, v.ToSource(), v.Found)
            : new FormValue(f.Code, f.First.Label, f.First.Type, f.NeededAtSubmission,
                [.. f.Uses.Select(u => u.Service)], null)).ToList();
        return new ApplicationPreview(found.OneThing.Code, found.Edition, context.Chosen!, fields,
            [.. context.Filled.ToType.Select(f => f.Code)], context.Plan?.MaterialsSpared ?? []);
    }
}
