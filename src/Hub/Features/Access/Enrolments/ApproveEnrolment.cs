using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Access.Enrolments;

public static class ApproveEnrolmentEndpoint
{
    public static Task<LoadedEnrolment> LoadAsync(string id, IQuerySession session,
        CancellationToken ct) => EnrolmentState.LoadAsync(session, id, ct);

    public static ProblemDetails Validate(LoadedEnrolment loaded, ClaimsPrincipal user,
        TimeProvider clock)
    {
        if (loaded.State is not { } enrolment) return Problems.NotFound("No such enrolment.");
        if (!enrolment.NeedsApproval) return Problems.Conflict("This enrolment needs no approval.");
        if (enrolment.Approved) return Problems.Conflict("The enrolment is already approved.");
        if (enrolment.RedeemedFor is not null || enrolment.ExpiresAt <= clock.GetUtcNow())
            return Problems.Conflict("The enrolment is used or expired.");
        // Two persons: a key is one person; the officer who proposed cannot also approve with the same key.
        return user.FindFirstValue(Principal.KeyIdClaim) == enrolment.OpenedByKey
            ? Problems.Forbidden("A second governance officer approves, not the one who opened the enrolment.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>A second governance officer approves a governance enrolment; only then can it be redeemed.</summary>
    [ProducesResponseType(204)]
    [WolverinePost("/api/enrolments/{id}/approval"), Authorize(Roles = Roles.Governance)]
    public static (IResult, AppendAtVersion) Post(
        string id,
        [NotBody] LoadedEnrolment loaded,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        (Results.NoContent(), new AppendAtVersion(EnrolmentState.StreamKey(id), loaded.Version,
            [new EnrolmentApproved(id, user.Id(), user.FindFirstValue(Principal.KeyIdClaim) ?? "",
                clock.GetUtcNow())]));
}
