using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Licences;

/// <summary>
/// Its issuer revokes a licence. Decided on the licence's version: a revocation and an amendment (or a second
/// revocation) arriving together cannot both be stored; the one that commits second is refused with a 409.
/// </summary>
public static class RevokeLicenceEndpoint
{
    /// <summary>Who must hear of it: the type's subscribers and everyone who holds a copy.</summary>
    public sealed record Audience(IReadOnlyList<string> Subscribers, IEnumerable<string> Holders);

    public static ProblemDetails Validate(string id, Licence licence, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(licence.Issuer))
            return Problems.Forbidden($"Only its issuer, {licence.Issuer}, revokes licence {id}.");
        return licence.Revoked ? Problems.Conflict("Already revoked.") : WolverineContinue.NoProblems;
    }

    public static async Task<Audience> LoadAsync(Licence licence, IQuerySession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var subscribers = LicenceNotices.SubscribersOf(batch, licence.Type);
        var recipients = batch.Load<LicenceRecipients>(licence.Id);
        await batch.Execute(ct);
        return new Audience(await subscribers, (await recipients)?.Holders ?? []);
    }

    /// <summary>Verification says so at once, and everyone who holds a copy is told.</summary>
    [ProducesResponseType(202)]
    [WolverinePost("/api/licences/{id}/revocation"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(
        string id,
        RevokeLicence request,
        [WriteAggregate] Licence licence,
        Audience audience,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var notice = new LicenceNotice(id, licence.Type, LicenceNotices.Revoked, LicenceStatuses.Revoked,
            request.Reason);
        var notices = LicenceNotices.To(audience.Subscribers.Concat(audience.Holders), licence.Issuer, notice,
            http.CorrelationId(), now);
        return (Results.Accepted($"/api/licences/{id}"), [new LicenceRevoked(id, request.Reason, user.Id(), now)],
            notices);
    }
}
