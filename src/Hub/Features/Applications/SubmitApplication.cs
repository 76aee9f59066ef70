using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Applications;

/// <summary>What a submission is checked against: who sends it, the One Thing it names, the plan made of it.</summary>
public sealed record SubmissionContext(
    DepartmentView? FrontOffice,
    OneThingDetail? Found,
    ApplicationPlan? Plan,
    IReadOnlyDictionary<string, string[]> PlanErrors);

public static class SubmitApplicationEndpoint
{
    public static async Task<SubmissionContext> LoadAsync(
        SubmitApplication request,
        ClaimsPrincipal user,
        IQuerySession session,
        CancellationToken ct)
    {
        var frontOffice = await session.LoadAsync<DepartmentView>(DepartmentView.StreamKey(user.Department()!), ct);
        var found = await CatalogQueries.Find(session, request.OneThing, request.Edition, ct);
        // A plan is made only of an applicant that Validate would let through: the form reads the applicant's fields.
        if (found is null || IdNumberProblem(request.Applicant) is not null)
            return new(frontOffice, found, null, new Dictionary<string, string[]>());

        // A time limit the data centre set for a service wins over the catalog's, for new applications.
        var keys = found.OneThing.Services.Select(s => ServiceSlaView.StreamKey(s.Code));
        var limits = (await session.LoadManyAsync<ServiceSlaView>(ct, keys))
            .ToDictionary(s => s.Service, s => s.TimeLimitDays);
        var (plan, errors) = ApplicationPlan.Make(found.OneThing, request, limits);
        return new(frontOffice, found, plan, errors);
    }

    public static ProblemDetails Validate(SubmitApplication request, SubmissionContext context)
    {
        var kind = context.FrontOffice?.Department.Kind;
        if (kind is not (DepartmentKinds.CoordinatingOffice or DepartmentKinds.DistrictOffice))
            return Problems.Forbidden(
                "Applications come from a front office: 市政务服务办 or a district's government service office.");
        if (IdNumberProblem(request.Applicant) is { } wrong) return Problems.Validation("applicant.idNumber", wrong);

        if (context.Found is not { } found)
        {
            var edition = request.Edition is null ? "" : $" in edition {request.Edition}";
            return Problems.Validation("oneThing", $"No One Thing '{request.OneThing}'{edition}.");
        }
        var audience = request.Applicant.Kind == ApplicantKinds.Person ? Audiences.Individual : Audiences.Enterprise;
        if (found.OneThing.Audience != audience)
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
            (request.Delivery ?? new ResultDelivery(DeliveryMethods.Electronic)).ToCase(), by, now);

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
