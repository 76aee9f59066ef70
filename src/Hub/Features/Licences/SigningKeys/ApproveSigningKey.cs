using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Licences.SigningKeys;

public static class ApproveSigningKeyEndpoint
{
    public static Task<SigningKeyState?> LoadAsync(string id, IQuerySession session, CancellationToken ct) =>
        SigningKeyState.LoadAsync(session, id, ct);

    public static ProblemDetails Validate(string id, SigningKeyState? key)
    {
        if (key is null) return Problems.NotFound($"No signing key {id} (use {{department}}.{{keyId}}).");
        if (key.Revoked) return Problems.Conflict("A revoked key is not approved.");
        return key.Approved ? Problems.Conflict("The key is already approved.") : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The coordinating office approves a department's signing key, having checked out of band (the department's
    /// letter, the key's fingerprint) that the department registered it. Until then, nothing signed with it is
    /// accepted: a stolen department API key alone cannot make the hub vouch for forged licences.
    /// </summary>
    [ProducesResponseType(204)]
    [WolverinePost("/api/signing-keys/{id}/approval"), Authorize(Roles = Roles.Coordinator)]
    public static (IResult, AppendAtVersion) Post([NotBody] SigningKeyState? key, ClaimsPrincipal user,
        TimeProvider clock) =>
        (Results.NoContent(), new AppendAtVersion(key!.Stream, key.Version,
            [new SigningKeyApproved(key.Department, key.KeyId, user.Id(), clock.GetUtcNow())]));
}
