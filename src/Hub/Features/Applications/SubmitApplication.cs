using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Applications;

public static class SubmitApplicationEndpoint
{
    public static async Task<(OneThingDetail?, ApplicationPlan?, ProblemDetails)> LoadAsync(
        SubmitApplication request, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var frontOffice = await session.LoadAsync<DepartmentView>(DepartmentView.StreamKey(user.Department()!), ct);
        if (frontOffice?.Department.Kind is not (DepartmentKinds.CoordinatingOffice or DepartmentKinds.DistrictOffice))
            return (null, null, Problems.Forbidden("Applications come from a front office: 市政务服务办 or a district's government service office."));
        if (request?.Applicant is null) return (null, null, Problems.Validation("applicant", "Give the applicant."));

        var errors = CheckApplicant(request.Applicant, request.Delivery);
        if (errors.Count > 0) return (null, null, Problems.Validation(errors));

        var found = await CatalogQueries.Find(session, request.OneThing ?? "", request.Edition, ct);
        if (found is null)
            return (null, null, Problems.Validation("oneThing", $"No One Thing '{request.OneThing}'{(request.Edition is null ? "" : $" in edition {request.Edition}")}."));
        var audience = request.Applicant.Kind == ApplicantKinds.Person ? Audiences.Individual : Audiences.Enterprise;
        if (found.OneThing.Audience != audience)
            return (null, null, Problems.Validation("applicant.kind", $"{found.OneThing.Name} is for {found.OneThing.Audience} applicants."));

        // A time limit the data centre set for a service wins over the catalog's, for new applications.
        var limits = (await session.LoadManyAsync<Metrics.ServiceSlaView>(ct, found.OneThing.Services.Select(s => Metrics.ServiceSlaView.StreamKey(s.Code))))
            .ToDictionary(s => s.Service, s => s.TimeLimitDays);
        var (plan, planErrors) = ApplicationPlan.Make(found.OneThing, request, limits);
        return plan is null ? (null, null, Problems.Validation(planErrors)) : (found, plan, WolverineContinue.NoProblems);
    }

    /// <summary>一表申请: one form for a One Thing; the hub dispatches each chosen service to its department, in order.</summary>
    [WolverinePost("/api/applications"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ApplicationAccepted>(201)]
    public static (IResult, IStartStream, OutgoingMessages) Post(SubmitApplication request, OneThingDetail found, ApplicationPlan plan,
        ClaimsPrincipal user, HttpContext http, TimeProvider clock, WorkingCalendar calendar)
    {
        var id = Guid.CreateVersion7().ToString();
        var now = clock.GetUtcNow();
        var submitted = new ApplicationSubmitted(id, found.OneThing.Code, found.Edition, user.Department()!, request.Applicant,
            plan.Form, plan.FilledByHub, plan.Services, plan.MaterialsSpared, request.Delivery ?? new ResultDelivery(DeliveryMethods.Electronic),
            user.Id(), now);

        var application = new Application { CorrelationId = http.CorrelationId() };
        application.Start(submitted);
        var events = new List<object> { submitted };
        var messages = new OutgoingMessages();
        Progress.Next(application, now, calendar, http.CorrelationId(), events, messages);

        var location = $"/api/applications/{id}";
        var accepted = new ApplicationAccepted(id, location, plan.Services.Select(s => s.Code).ToList(), plan.FilledByHub, plan.MaterialsSpared);
        return (Results.Created(location, accepted), MartenOps.StartStream<Application>(id, [.. events]), messages);
    }

    private static Dictionary<string, string[]> CheckApplicant(Applicant a, ResultDelivery? delivery)
    {
        var errors = new Dictionary<string, string[]>();
        if (a.Kind == ApplicantKinds.Person && !IdentityNumbers.IsResidentId(a.IdNumber))
            errors["applicant.idNumber"] = ["Not a valid resident ID number: the GB 11643 check digit does not match."];
        else if (a.Kind == ApplicantKinds.Enterprise && !IdentityNumbers.IsUnifiedSocialCreditCode(a.IdNumber))
            errors["applicant.idNumber"] = ["Not a valid unified social credit code: the GB 32100 check character does not match."];
        else if (a.Kind is not (ApplicantKinds.Person or ApplicantKinds.Enterprise))
            errors["applicant.kind"] = ["Use person or enterprise."];
        if (string.IsNullOrWhiteSpace(a.Name) || a.Name.Length > 200) errors["applicant.name"] = ["Give a name of 1 to 200 characters."];
        if (delivery is not null && !DeliveryMethods.All.Contains(delivery.Method))
            errors["delivery.method"] = [$"Use one of {string.Join(", ", DeliveryMethods.All)}."];
        if (delivery?.Method == DeliveryMethods.Express && string.IsNullOrWhiteSpace(delivery.Address))
            errors["delivery.address"] = ["Express delivery needs an address."];
        return errors;
    }
}
