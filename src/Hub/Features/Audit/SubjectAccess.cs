using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Audit;

/// <summary>A subject access answered, on <c>audit/subject-access</c>: the person only as the blind index.</summary>
public sealed record SubjectAccessAnswered(
    string Officer,
    string SubjectKey,
    int Entries,
    string AnsweredBy,
    DateTimeOffset AnsweredAt);

/// <summary>
/// PIPL art. 45: who read or received data about a person, from the records the hub keeps anyway: the person's
/// applications and their dispatches, the pulls of the person's licences and where they went as materials, and the
/// exchanges queried by the person's number alone (found by the query digest, keyed or, for older events, plain).
/// </summary>
public static class SubjectAccessEndpoint
{
    public const string Stream = "audit/subject-access";

    [WolverinePost("/api/audit/subject-access"), Authorize(Roles = Roles.Governance)]
    [ProducesResponseType<SubjectAccessReport>(200)]
    public static async Task<(IResult, IMartenOp)> Post(
        SubjectAccessRequest request,
        ClaimsPrincipal user,
        IDocumentSession session,
        SecretBox box,
        TimeProvider clock,
        CancellationToken ct)
    {
        var id = request.IdNumber.Trim();
        var key = box.Blind(id);
        var entries = new List<SubjectAccessEntry>();

        var licences = (await session.Query<LicenceView>().Where(l => l.HolderKey == key).ToListAsync(ct))
            .Select(l => l.Id).ToArray();
        if (licences.Length > 0)
            entries.AddRange((await session.Events.QueryRawEventDataOnly<LicencePulled>()
                    .Where(p => p.LicenceId.IsOneOf(licences)).ToListAsync(ct))
                .Select(p => new SubjectAccessEntry(p.PulledAt, p.Department, SubjectAccessKinds.LicencePulled,
                    p.LicenceId, p.Basis, p.PulledBy)));
        var received = licences.Length == 0 ? []
            : (await session.LoadManyAsync<LicenceRecipients>(ct, licences))
                .SelectMany(r => r.ReceivedIn?.Values.SelectMany(a => a) ?? []).ToList();

        var applications = (await session.Query<ApplicationView>().Where(a => a.Applicant.IdNumber == id)
            .ToListAsync(ct)).ToDictionary(a => a.Id);
        entries.AddRange(applications.Values.Select(a => new SubjectAccessEntry(a.SubmittedAt, a.FrontOffice,
            SubjectAccessKinds.CaseSubmitted, a.Id)));
        var cases = applications.Keys.Union(received).ToArray();
        if (cases.Length > 0)
            foreach (var d in await session.Events.QueryRawEventDataOnly<ServiceDispatched>()
                         .Where(d => d.ApplicationId.IsOneOf(cases)).ToListAsync(ct))
            {
                if (applications.ContainsKey(d.ApplicationId))
                    entries.Add(new(d.DispatchedAt, d.Department, SubjectAccessKinds.CaseDispatched,
                        $"{d.ApplicationId}/{d.Service}"));
                foreach (var licence in d.Materials.Select(m => m.Document?.LicenceId).OfType<string>()
                             .Where(l => licences.Contains(l)).Distinct())
                    entries.Add(new(d.DispatchedAt, d.Department, SubjectAccessKinds.LicenceReceivedAsMaterial,
                        licence, $"application:{d.ApplicationId}/{d.Service}"));
            }

        entries.AddRange(await Exchanges(session, box, id, ct));
        var ordered = entries.OrderBy(e => e.At).ThenBy(e => e.Reference, StringComparer.Ordinal).ToList();
        var answered = new SubjectAccessAnswered(user.Department() ?? "", key, ordered.Count, user.Id(),
            clock.GetUtcNow());
        return (Results.Ok(new SubjectAccessReport(ordered.Count, ordered)), MartenOps.Append(Stream, answered));
    }

    /// <summary>Exchanges whose query was the person's number alone, under any query key a resource offers.</summary>
    private static async Task<IEnumerable<SubjectAccessEntry>> Exchanges(IDocumentSession session, SecretBox box,
        string id, CancellationToken ct)
    {
        var keys = (await session.Query<ResourceView>().ToListAsync(ct)).SelectMany(r => r.Resource.QueryBy)
            .Distinct().ToList();
        var digests = keys.SelectMany(k => new[] { id, id.ToUpperInvariant(), id.ToLowerInvariant() }.Distinct()
                .Select(v => StartExchangeHandler.CanonicalQuery(new Dictionary<string, string> { [k] = v })))
            .SelectMany(bytes => new[] { box.QueryDigest(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)) })
            .ToArray();
        if (digests.Length == 0) return [];
        var requested = await session.Events.QueryRawEventDataOnly<ExchangeRequested>()
            .Where(e => e.QueryDigest.IsOneOf(digests)).ToListAsync(ct);
        if (requested.Count == 0) return [];
        var ids = requested.Select(r => r.Id).ToArray();
        var answered = await session.Events.QueryRawEventDataOnly<ExchangeAnswered>()
            .Where(e => e.Id.IsOneOf(ids)).ToListAsync(ct);
        var delivered = await session.Events.QueryRawEventDataOnly<ExchangeDelivered>()
            .Where(e => e.Id.IsOneOf(ids)).ToListAsync(ct);
        return
        [
            .. requested.Select(r => new SubjectAccessEntry(r.RequestedAt, r.Provider,
                SubjectAccessKinds.ExchangeQueried, r.Id, $"grant:{r.ShareRequest}", r.RequestedBy)),
            .. answered.Select(a => new SubjectAccessEntry(a.AnsweredAt, a.Provider,
                SubjectAccessKinds.ExchangeAnswered, a.Id, null, a.AnsweredBy)),
            .. delivered.Select(d => new SubjectAccessEntry(d.DeliveredAt, d.Consumer,
                SubjectAccessKinds.ExchangeDelivered, d.Id)),
        ];
    }
}
