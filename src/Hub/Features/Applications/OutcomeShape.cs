using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Applications;

/// <summary>The request-shape checks of an outcome, before any rule of the application's state.</summary>
internal static class OutcomeShape
{
    public static ProblemDetails? Problem(ServiceOutcome? request)
    {
        if (request is null || !Outcomes.All.Contains(request.Outcome))
            return Problems.Validation("outcome", $"Use one of {string.Join(", ", Outcomes.All)}.");
        if (request.Note is { Length: > 2000 }) return Problems.Validation("note", "At most 2000 characters.");
        if (request.Results?.Any(r => r is null) == true || request.Results is { Count: > 50 })
            return Problems.Validation("results", "At most 50 results, none null.");
        if (new[] { request.Reasons, request.Missing }.Any(l => l is { } list
                && (list.Count > 50 || list.Any(x => string.IsNullOrWhiteSpace(x) || x.Length > 500))))
            return Problems.Validation("reasons", "Up to 50 reasons or missing items, each 1 to 500 characters.");
        return null;
    }

    /// <summary>What each outcome must say: a rejection its reasons, a supplement what is missing.</summary>
    public static ProblemDetails? ForOutcome(ServiceOutcome request) => request.Outcome switch
    {
        Outcomes.Rejected when request.Reasons is not { Count: > 0 } =>
            Problems.Validation("reasons", "A rejection gives its reasons."),
        Outcomes.SupplementRequired when request.Missing is not { Count: > 0 } =>
            Problems.Validation("missing", "Say what is missing."),
        Outcomes.Completed when request.Results is { } r && r.Any(d => string.IsNullOrWhiteSpace(d.Name)) =>
            Problems.Validation("results", "Every result has a name."),
        _ => null,
    };
}
