using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Drafts;

/// <summary>A draft's submission: the draft, the application it makes, and that application's context.</summary>
public sealed record DraftSubmission(Draft? Draft, SubmitApplication? Application, SubmissionContext? Context);

public static class SubmitDraftEndpoint
{
    /// <summary>The draft as an application: the licence's values, then what the front office typed over them or
    /// besides, for the draft's applicant (or the one given). Only an open draft of the caller's is filled.</summary>
    public static async Task<DraftSubmission> LoadAsync(
        string id,
        SubmitDraft request,
        ClaimsPrincipal user,
        HttpContext http,
        IQuerySession session,
        FormLookups lookups,
        TimeProvider clock,
        CancellationToken ct)
    {
        var draft = await session.Events.AggregateStreamAsync<Draft>(id, token: ct);
        if (draft is null || DraftRules.Problem(draft, user, clock.GetUtcNow()) != WolverineContinue.NoProblems
            || ApplicantProblem(draft, request) is not null)
            return new(draft, null, null);
        var application = Application(draft, request);
        return new(draft, application, await SubmitApplicationEndpoint.Context(application, user, http.CorrelationId(),
            session, lookups, ct));
    }

    public static SubmitApplication Application(Draft draft, SubmitDraft request)
    {
        var applicant = draft.Applicant?.ToContract() ?? request.Applicant!;
        var form = draft.FromLicence.ToDictionary(v => v.Code, v => v.Value);
        foreach (var (code, value) in request.Form ?? new Dictionary<string, string>()) form[code] = value;
        return new SubmitApplication(draft.OneThing, applicant with { Phone = request.Phone ?? applicant.Phone },
            form, draft.Services, draft.Edition, request.Delivery);
    }

    // A draft names its applicant when the licence does; when it does not, the front office must.
    private static ProblemDetails? ApplicantProblem(Draft draft, SubmitDraft request) =>
        (draft.Applicant, request.Applicant) switch
        {
            (null, null) => Problems.Validation("applicant", "The licence names no applicant: give the applicant."),
            ({ } named, { } given) when given.IdNumber != named.IdNumber || given.Kind != named.Kind =>
                Problems.Validation("applicant", "The draft is the applicant's it names."),
            _ => null,
        };

    public static ProblemDetails Validate(SubmitDraft request, DraftSubmission submission, ClaimsPrincipal user,
        TimeProvider clock)
    {
        if (DraftRules.Problem(submission.Draft, user, clock.GetUtcNow()) is var problem
            && problem != WolverineContinue.NoProblems)
            return problem;
        if (ApplicantProblem(submission.Draft!, request) is { } wrong) return wrong;
        return SubmitApplicationEndpoint.Validate(submission.Application!, submission.Context!);
    }

    /// <summary>
    /// 免申即享: with the applicant's consent, the draft becomes the application POST /api/applications would make
    /// of the same form, its licence's values kept as the licence's; the draft is submitted once.
    /// </summary>
    [WolverinePost("/api/drafts/{id}/submission"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ApplicationAccepted>(201)]
    public static (IResult, IStartStream, OutgoingMessages, Events) Post(
        SubmitDraft request,
        DraftSubmission submission,
        [WriteAggregate] Draft draft,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock,
        WorkingCalendar calendar)
    {
        var context = submission.Context!;
        var values = DraftTriggers.WithLicenceSources(context.Plan!.Values, draft.FromLicence);
        var plan = context.Plan with { Values = values, FilledByHub = DraftTriggers.FilledByHub(values) };
        if (draft.Licence is { } licence)
            plan = DraftTriggers.WithLicenceMaterials(plan, context.Found!.OneThing, licence);
        var id = Guid.CreateVersion7().ToString();
        var now = clock.GetUtcNow();
        var (result, start, messages) = SubmitApplicationEndpoint.Decide(submission.Application!, context.Found!,
            plan, user.Department()!, user.Id(), http.CorrelationId(), id, now, calendar);
        return (result, start, messages,
            [new DraftSubmitted(draft.Id, id, draft.FrontOffice, user.Id(), now, draft.OneThing)]);
    }
}
