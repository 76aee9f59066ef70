using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Licences.SigningKeys;

public static class RevokeSigningKeyEndpoint
{
    public static Task<SigningKeyState?> LoadAsync(string id, IQuerySession session, CancellationToken ct) =>
        SigningKeyState.LoadAsync(session, id, ct);

    public static ProblemDetails Validate(string id, RevokeSigningKey request, SigningKeyState? key,
        ClaimsPrincipal user)
    {
        if (key is null) return Problems.NotFound($"No signing key {id} (use {{department}}.{{keyId}}).");
        if (!user.IsInRole(Roles.Coordinator) && !user.IsDepartment(key.Department))
            return Problems.Forbidden($"Only {key.Department} or the coordinating office revokes this key.");
        if (key.Revoked) return Problems.Conflict("The key is already revoked.");
        return string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > 500
            ? Problems.Validation("reason", "Give the reason (at most 500 characters).")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The issuing department or the coordinating office revokes a signing key (lost, compromised,
    /// replaced). Pushes signed with it are refused and its licences verify as <c>key-revoked</c>.</summary>
    [ProducesResponseType(204)]
    [WolverinePost("/api/signing-keys/{id}/revocation"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    public static (IResult, AppendAtVersion) Post(
        RevokeSigningKey request,
        [NotBody] SigningKeyState? key,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        (Results.NoContent(), new AppendAtVersion(key!.Stream, key.Version,
            [new SigningKeyRevoked(key.Department, key.KeyId, request.Reason, user.Id(), clock.GetUtcNow())]));
}
