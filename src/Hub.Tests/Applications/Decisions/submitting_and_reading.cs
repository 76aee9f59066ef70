using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Departments;
using Wolverine.Http;
using static OneThing.Hub.Tests.Applications.Decisions.Cases;

namespace OneThing.Hub.Tests.Applications.Decisions;

public sealed class submitting_and_reading
{
    private static readonly OneThingDetail Newborn = new("2022", new OneThingDefinition("newborn", 1, "新生儿出生",
        Audiences.Individual, ["health"],
        [.. Plan.Select(p => new InvolvedService(p.Code, p.Name, [p.Department], p.Prerequisites, p.TimeLimitDays))]));

    private static readonly Applicant Person = new(ApplicantKinds.Person, ApplicationScenarios.ResidentId(), "张小明");

    private static SubmitApplication Request(Applicant? applicant = null, ResultDelivery? delivery = null) =>
        new("newborn", applicant ?? Person, new Dictionary<string, string>(), Delivery: delivery);

    private static SubmissionContext Context(
        string kind = DepartmentKinds.CoordinatingOffice,
        OneThingDetail? found = null,
        SubmitApplication? request = null)
    {
        var (plan, errors) = ApplicationPlan.Make((found ?? Newborn).OneThing, request ?? Request(), Found.Nothing);
        return new(new DepartmentView { Department = new Department(Window, "政务服务办", "政务服务办", kind, "city") },
            found ?? Newborn, plan, errors);
    }

    private static int? Status(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        ReferenceEquals(problem, WolverineContinue.NoProblems) ? null : problem.Status;

    [Fact]
    public void a_front_office_submits_a_valid_applicant_for_a_one_thing_of_the_catalog()
    {
        Assert.Null(Status(SubmitApplicationEndpoint.Validate(Request(), Context())));
        var city = Context(DepartmentKinds.CityDepartment);
        Assert.Equal(403, Status(SubmitApplicationEndpoint.Validate(Request(), city)));
        var badId = Person with { IdNumber = Person.IdNumber[..17] + (Person.IdNumber[17] == '0' ? '1' : '0') };
        Assert.Equal(400, Status(SubmitApplicationEndpoint.Validate(Request(badId), Context())));
        Assert.Null(RequestShape.Status(Request()));
        Assert.Equal(400, RequestShape.Status(Request(delivery: new ResultDelivery(DeliveryMethods.Express))));
        Assert.Contains("delivery.address",
            RequestShape.Errors(Request(delivery: new ResultDelivery(DeliveryMethods.Express))));
        Assert.Equal(400, Status(SubmitApplicationEndpoint.Validate(Request(), Context() with { Found = null })));
        var company = new Applicant(ApplicantKinds.Enterprise, ApplicationScenarios.CreditCode(), "公司");
        Assert.Equal(400, Status(SubmitApplicationEndpoint.Validate(Request(company), Context())));
        var unknown = Request() with { Services = ["driving-licence"] };
        Assert.Equal(400, Status(SubmitApplicationEndpoint.Validate(unknown, Context(request: unknown))));
    }

    [Fact]
    public void a_submission_starts_the_stream_with_the_first_dispatch_in_the_requests_correlation()
    {
        var context = Context();
        var (result, start, messages) = SubmitApplicationEndpoint.Decide(Request(), Newborn, context.Plan!, Window,
            $"{Window}/key", "the-request", Id, Monday, Calendar);

        var created = Assert.IsType<Created<ApplicationAccepted>>(result);
        Assert.Equal($"/api/applications/{Id}", created.Location);
        Assert.Equal(["birth", "household", "vaccination", "insurance"], created.Value!.Services);
        Assert.Equal((Id, typeof(Application)), (start.StreamKey, start.AggregateType));
        var submitted = Assert.IsType<ApplicationSubmitted>(start.Events[0]);
        Assert.Equal(Person.ToCase(), submitted.Applicant);
        Assert.Equal(new CaseDelivery(DeliveryMethods.Electronic), submitted.Delivery);
        Assert.Equal("birth", Assert.IsType<ServiceDispatched>(Assert.Single(start.Events.Skip(1))).Service);
        var work = messages.OfType<Features.Delivery.DeliverToDepartment>().Single().Message;
        Assert.Equal("the-request", work.CorrelationId);
    }

    [Fact]
    public void the_front_office_the_departments_involved_and_the_coordinator_read_an_application()
    {
        var view = ApplicationViewProjection.Create(Submitted());
        Assert.Equal(404, Status(GetApplicationEndpoint.Validate(Id, null, Department(Window))));
        Assert.Null(Status(GetApplicationEndpoint.Validate(Id, view, Department(Window))));
        Assert.Null(Status(GetApplicationEndpoint.Validate(Id, view, Department("medical-security"))));
        Assert.Null(Status(GetApplicationEndpoint.Validate(Id, view, Coordinator())));
        Assert.Equal(403, Status(GetApplicationEndpoint.Validate(Id, view, Department("tax"))));
    }
}
