using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Guides;
using OneThing.Hub.Features.Materials;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Applications;

/// <summary>What a submission is checked against: who sends it, the One Thing it names, its form as the hub filled
/// it, and the plan made of it.</summary>
public sealed record SubmissionContext(
    DepartmentView? FrontOffice,
    OneThingDetail? Found,
    ApplicationPlan? Plan,
    IReadOnlyDictionary<string, string[]> PlanErrors,
    IReadOnlyList<OneFormField>? Fields = null,
    FilledForm? Filled = null,
    IReadOnlyList<string>? Chosen = null);

public static class SubmitApplicationEndpoint
{
    public static Task<SubmissionContext> LoadAsync(
        SubmitApplication request,
        ClaimsPrincipal user,
        HttpContext http,
        IQuerySession session,
        FormLookups lookups,
        CancellationToken ct) => Context(request, user, http.CorrelationId(), session, lookups, ct);

    /// <summary>
    /// The submission's, the preview's and a draft's common load: the front office, the One Thing, the chosen
    /// services, then the licences read and the exchanges made for the form, and the plan.
    /// </summary>
    public static async Task<SubmissionContext> Context(
        SubmitApplication request,
        ClaimsPrincipal user,
        string correlation,
        IQuerySession session,
        FormLookups lookups,
        CancellationToken ct)
    {
        var frontOffice = await session.LoadAsync<DepartmentView>(DepartmentView.StreamKey(user.Department()!), ct);
        var found = await CatalogQueries.Find(session, request.OneThing, request.Edition, ct);
        // A plan is made only of what Validate would let through: no lookups for a refused submission.
        if (found is null || IdNumberProblem(request.Applicant) is not null || !frontOffice.IsFrontOffice()
            || found.OneThing.Audience != AudienceOf(request.Applicant))
            return new(frontOffice, found, null, new Dictionary<string, string[]>());
        var thing = found.OneThing;
        var (chosen, choiceErrors) = ApplicationPlan.Choose(thing, request);
        if (chosen is null) return new(frontOffice, found, null, choiceErrors);

        var services = thing.Services.Where(s => chosen.Contains(s.Code)).ToList();
        var fields = OneForm.Of(services, chosen);
        // Bad input stores nothing: no exchange is made for a form that will be refused anyway.
        if (ApplicationPlan.CheckTyped(fields, request) is { Count: > 0 } typedErrors)
            return new(frontOffice, found, null, typedErrors);
        // 一套材料: the uploads named must be this front office's, under codes the chosen services list.
        var listed = services.SelectMany(s => s.Guide?.Materials ?? []).Select(m => m.Code).ToHashSet();
        var uploaded = await SubmittedMaterials.LoadAsync(session, request.Materials, ct);
        if (SubmittedMaterials.Check(user.Department()!, request.Materials, listed, uploaded) is { Count: > 0 } bad)
            return new(frontOffice, found, null, new Dictionary<string, string[]>(bad));
        var typed = request.Form ?? new Dictionary<string, string>();
        var (licenceAsks, exchangeAsks) = FormFilling.Asks(fields, ApplicationPlan.MaterialLicenceTypes(services),
            request.Applicant, typed);
        var held = await lookups.Run(thing, licenceAsks, exchangeAsks, session, user.Id(), correlation, ct);
        var filled = FormFilling.Fill(fields, request.Applicant, typed, held);

        // A time limit the data centre set for a service wins over the catalog's, for new applications.
        var keys = thing.Services.Select(s => ServiceSlaView.StreamKey(s.Code));
        var limits = (await session.LoadManyAsync<ServiceSlaView>(ct, keys))
            .ToDictionary(s => s.Service, s => s.TimeLimitDays);
        var (plan, errors) = ApplicationPlan.Make(thing, chosen, request, fields, filled, held, limits);
        return new(frontOffice, found, plan, errors, fields, filled, chosen);
    }

    private static string AudienceOf(Applicant a) =>
        a.Kind == ApplicantKinds.Person ? Audiences.Individual : Audiences.Enterprise;

    public static ProblemDetails Validate(SubmitApplication request, SubmissionContext context)
    {
        if (!context.FrontOffice.IsFrontOffice())
            return Problems.Forbidden(
                "Applications come from a front office: 市政务服务办 or a district's government service office.");
        if (IdNumberProblem(request.Applicant) is { } wrong) return Problems.Validation("applicant.idNumber", wrong);

        if (context.Found is not { } found)
        {
            var edition = request.Edition is null ? "" : $" in edition {request.Edition}";
            return Problems.Validation("oneThing", $"No One Thing '{request.OneThing}'{edition}.");
        }
        if (found.OneThing.Audience != AudienceOf(request.Applicant))
            return Problems.Validation("applicant.kind",
                $"{found.OneThing.Name} is for {found.OneThing.Audience} applicants.");
        return context.Plan is null
            ? Problems.Validation(new Dictionary<string, string[]>(context.PlanErrors))
            : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// 一表申请: one form for a One Thing; the hub dispatches each chosen service to its department, in order.
    /// </summary>
    [WolverinePost("/api/applications"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ApplicationAccepted>(201)]
    public static (IResult, IStartStream, OutgoingMessages) Post(
        SubmitApplication request,
        SubmissionContext context,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock,
        WorkingCalendar calendar) =>
        Decide(request, context.Found!, context.Plan!, user.Department()!, user.Id(), http.CorrelationId(),
            Guid.CreateVersion7().ToString(), clock.GetUtcNow(), calendar);

    /// <summary>The submission as a pure decision: the new stream's events, the first dispatches, the answer.</summary>
    public static (IResult, IStartStream, OutgoingMessages) Decide(
        SubmitApplication request,
        OneThingDetail found,
        ApplicationPlan plan,
        string frontOffice,
        string by,
        string correlationId,
        string id,
        DateTimeOffset now,
        WorkingCalendar calendar)
    {
        var submitted = new ApplicationSubmitted(id, found.OneThing.Code, found.Edition, frontOffice,
            request.Applicant.ToCase(), plan.Form, plan.FilledByHub, plan.Services,
            [.. plan.MaterialsSpared.Select(m => m.ToCase())],
            (request.Delivery ?? new ResultDelivery(DeliveryMethods.Electronic)).ToCase(), by, now, plan.Values);

        var (events, messages) = Progress.Next(Application.Create(submitted, correlationId), now, calendar);

        var location = $"/api/applications/{id}";
        var accepted = new ApplicationAccepted(id, location, [.. plan.Services.Select(s => s.Code)], plan.FilledByHub,
            plan.MaterialsSpared);
        return (Results.Created(location, accepted), MartenOps.StartStream<Application>(id, [submitted, .. events]),
            [.. messages]);
    }

    // The schema has the number's characters for each kind; the check digit takes a computation.
    private static string? IdNumberProblem(Applicant a) => a.Kind switch
    {
        ApplicantKinds.Person when !IdentityNumbers.IsResidentId(a.IdNumber) =>
            "Not a valid resident ID number: the GB 11643 check digit does not match.",
        ApplicantKinds.Enterprise when !IdentityNumbers.IsUnifiedSocialCreditCode(a.IdNumber) =>
            "Not a valid unified social credit code: the GB 32100 check character does not match.",
        _ => null,
    };
}
