using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using Wolverine.Http;

namespace OneThing.Hub.Infrastructure.Auth;

/// <summary>
/// Who may read a case: its parties (the departments it names) and the coordinating office. One rule, so that a
/// share request, an exchange, a dispute and an application can never disagree on it.
/// </summary>
public static class CaseAccess
{
    public static bool MayRead(this ClaimsPrincipal user, params IEnumerable<string?> parties) =>
        user.IsInRole(Roles.Coordinator)
        || (
            user.IsInRole(Roles.Department)
            && user.Department() is { } own
            && parties.Contains(own, StringComparer.Ordinal)
        );

    /// <summary>For a <c>Validate</c> step: no problem for a party or the coordinator, 403 for anyone else.</summary>
    public static ProblemDetails ReadProblem(
        this ClaimsPrincipal user,
        string what,
        params IEnumerable<string?> parties
    ) =>
        user.MayRead(parties)
            ? WolverineContinue.NoProblems
            : Problems.Forbidden($"Only the parties to {what} and the coordinating office read it.");
}
