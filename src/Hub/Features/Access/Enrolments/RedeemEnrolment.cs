using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Access.Enrolments;

public static class RedeemEnrolmentEndpoint
{
    public static async Task<LoadedEnrolment> LoadAsync(RedeemEnrolment request,
        IQuerySession session, CancellationToken ct) =>
        EnrolmentCodes.TryParse(request?.Code, out var id, out _)
            ? await EnrolmentState.LoadAsync(session, id, ct) : new LoadedEnrolment(null, 0);

    public static ProblemDetails Validate(RedeemEnrolment request, LoadedEnrolment loaded,
        TimeProvider clock)
    {
        // An unknown id and a wrong secret answer alike: the answer must not help guess codes.
        if (!EnrolmentCodes.TryParse(request?.Code, out var id, out var secret) || loaded.State is not { } enrolment
            || !EnrolmentCodes.Matches(enrolment.CodeHash, id, secret))
            return Problems.NotFound("No enrolment has this code.");
        if (enrolment.RedeemedFor is not null)
            return Problems.Conflict("This enrolment code was already used; ask for a new enrolment.");
        if (enrolment.ExpiresAt <= clock.GetUtcNow())
            return Problems.Conflict($"This enrolment code expired at {enrolment.ExpiresAt:u}; ask for a new one.");
        return enrolment.NeedsApproval && !enrolment.Approved
            ? Problems.Conflict("This governance enrolment awaits a second governance officer's approval.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The unit's own system trades the code for its key, once. No key is needed (it has none yet): the code is
    /// the credential. The key is in this answer only; the opener of the enrolment never sees it.
    /// </summary>
    [WolverinePost("/api/enrolments/redemption"), AllowAnonymous]
    [ProducesResponseType<IssuedApiKey>(StatusCodes.Status201Created)]
    public static (IResult, AppendAtVersion, IStartStream) Post(
        RedeemEnrolment request,
        [NotBody] LoadedEnrolment loaded,
        TimeProvider clock)
    {
        // The request's code was checked in Validate; the enrolment it names is loaded.
        var enrolment = loaded.State!;
        var now = clock.GetUtcNow();
        var issued = KeyPolicy.Issue(enrolment.Department, enrolment.Role, enrolment.Label,
            $"enrolment/{enrolment.Id}", now, enrolment.KeyLifetime, out var key, enrolmentId: enrolment.Id);
        // At the version read: two redemptions at once, one commits and the other is a 409.
        return (Results.Created((string?)null, KeyPolicy.Answer(issued, key)),
            new AppendAtVersion(EnrolmentState.StreamKey(enrolment.Id), loaded.Version,
                [new EnrolmentRedeemed(enrolment.Id, issued.KeyId, now)]),
            MartenOps.StartStream<ApiKey>(issued.KeyId, issued));
    }
}
