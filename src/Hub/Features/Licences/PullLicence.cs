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
/// Pulls need a legal basis (<see cref="LicenceReads.Basis"/>), and every pull and every refusal is an event, on a
/// stream of its own: a read never moves the licence's version.
/// </summary>
public static class PullLicenceEndpoint
{
    public sealed record Loaded(LicenceView? Licence, LicenceRecipients? Recipients, IReadOnlyList<OpenCase> Open);

    public static async Task<Loaded> LoadAsync(string id, ClaimsPrincipal user, IQuerySession session,
        CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var licence = batch.Load<LicenceView>(id);
        var recipients = batch.Load<LicenceRecipients>(id);
        await batch.Execute(ct);
        var (found, received) = (await licence, await recipients);
        return new Loaded(found, received, found is null ? []
            : await OpenCases.Load(session, found.Document.Holder.IdNumber,
                LicenceReads.ReceivedIn([received], user.Department() ?? ""), ct));
    }

    [WolverineGet("/api/licences/{id}"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<LicenceRecord>(200), ProducesResponseType<ProblemDetails>(403)]
    [ProducesResponseType<ProblemDetails>(404)]
    public static (IResult, RecordReads) Get(string id, Loaded loaded, ClaimsPrincipal user, TimeProvider clock)
    {
        var (department, now) = (user.Department()!, clock.GetUtcNow());
        if (loaded.Licence is not { } licence
            || LicenceReads.Basis(licence, department, loaded.Recipients, loaded.Open) is not { } basis)
        {
            // Unknown and not allowed answer alike, so a refusal says nothing about whether the licence exists.
            var refused = new LicencePullRefused(department, id, null,
                loaded.Licence is null ? "no such licence" : "no legal basis", user.Id(), now);
            return (Results.Problem(Problems.Forbidden($"No legal basis for {department} to read licence {id}: " +
                    "it must be the issuer, or serve an open case of the holder whose service lists this licence's " +
                    "type, or have received the licence as a material for a service it still serves.")),
                new RecordReads([(LicenceReads.RefusalsOf(department), refused)]));
        }
        var pulled = new LicencePulled(id, department, basis, user.Id(), now);
        return (Results.Ok(licence.Record(now)), new RecordReads([(LicenceReads.StreamKey(id), pulled)]));
    }
}
