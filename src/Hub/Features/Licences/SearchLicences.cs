using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Licences;

/// <summary>
/// A holder's licences with the holder's number in the body: the same reads, bases and records as
/// <c>GET /api/licences?holder=</c>, which stays for the systems that use it, while proxies and access logs never see
/// an ID number.
/// </summary>
public static class SearchLicencesEndpoint
{
    public static Task<PullHolderLicencesEndpoint.Loaded> LoadAsync(
        SearchLicences search,
        ClaimsPrincipal user,
        IQuerySession session,
        SecretBox box,
        CancellationToken ct) =>
        PullHolderLicencesEndpoint.LoadAsync(search.Holder, search.Type, user, session, box, ct);

    [WolverinePost("/api/licences/search"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<LicenceList>(200), ProducesResponseType<ProblemDetails>(403)]
    public static (IResult, RecordReads) Post(
        SearchLicences search,
        PullHolderLicencesEndpoint.Loaded loaded,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        PullHolderLicencesEndpoint.ByHolder(search.Holder, search.Type, loaded, user, clock);
}
