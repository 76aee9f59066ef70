using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Applications;

public sealed class who_may_do_what(HubFixture hub)
{
    [Fact]
    public async Task a_department_cannot_post_the_outcome_of_another_departments_service()
    {
        var id = (await hub.Apply("newborn", Person())).ApplicationId;
        var before = await hub.EventCount();
        (await hub.Host.Post($"/api/applications/{id}/services/birth-medical-certificate/outcome",
            new ServiceOutcome(Outcomes.Accepted), hub.Department("public-security"), 403)).Problem();
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public async Task only_a_front_office_submits_and_only_the_parties_read()
    {
        var request = new SubmitApplication("newborn", Person(), await hub.FormFor("newborn"));
        (await hub.Host.Post("/api/applications", request, hub.Department("tax"), 403)).Problem();
        await hub.Host.Post("/api/applications", request, hub.Department("district-heping"), 201);

        var id = (await hub.Apply("newborn", Person())).ApplicationId;
        await hub.Host.Get($"/api/applications/{id}", hub.Department("tax"), 403);
        var seenByHealth = await hub.Status(id, hub.Department("health"));
        Assert.DoesNotContain("张小明", seenByHealth.Applicant.Name);   // masked outside the front office
        Assert.Contains("*", seenByHealth.Applicant.IdNumber);
    }

    public static TheoryData<string, string> BadApplications => new()
    {
        { "an unknown One Thing", "oneThing" },
        { "a service not in it", "services" },
        { "a bad ID check digit", "applicant.idNumber" },
        { "an enterprise applying for a newborn", "applicant.kind" },
        { "services the law requires together, split", "services" },
        { "express delivery without an address", "delivery.address" },
        { "a field no service asks for", "form.favourite-colour" },
    };

    [Theory]
    [MemberData(nameof(BadApplications))]
    public async Task bad_input_is_400_and_stores_nothing(string what, string field)
    {
        var form = await hub.FormFor("newborn");
        var id = ResidentId();
        SubmitApplication request = what switch
        {
            "an unknown One Thing" => new("time-travel", Person(), form),
            "a service not in it" => new("newborn", Person(), form, ["birth-medical-certificate", "driving-licence"]),
            "a bad ID check digit" => new("newborn", Person(id[..17] + (id[17] == '0' ? '1' : '0')), form),
            "an enterprise applying for a newborn" => new("newborn", Company(), form),
            "services the law requires together, split" => new("simplified-deregistration", Company(),
                await hub.FormFor("simplified-deregistration"),
                [RequiredTogetherFirst(await Thing("simplified-deregistration"))]),
            "express delivery without an address" => new("newborn", Person(), form,
                Delivery: new ResultDelivery(DeliveryMethods.Express)),
            _ => new("newborn", Person(), new Dictionary<string, string>(form) { ["favourite-colour"] = "蓝" }),
        };
        var before = await hub.EventCount();
        var problem = (await hub.Host.Post("/api/applications", request, hub.Department(Window), 400)).Problem();
        Assert.Contains(field, problem.Errors.Keys);
        Assert.Equal(before, await hub.EventCount());
    }

    private async Task<OneThingDefinition> Thing(string code) =>
        (await hub.Host.Get($"/api/one-things/{code}", hub.Department(Window))).Read<OneThingDetail>().OneThing;

    private static string RequiredTogetherFirst(OneThingDefinition thing) => thing.RequiredTogether![0][0];
}
