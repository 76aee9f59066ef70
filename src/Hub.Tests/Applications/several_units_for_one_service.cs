using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Applications;

/// <summary>
/// 联办: 烈士子女中考优待 is confirmed by three units together (公安、应急管理、退役军人事务). The service goes to
/// every one of them, every one may read the application, it completes when all three have done their part, and a
/// rejection or a supplement asked by any one of them is the service's.
/// </summary>
public sealed class several_units_for_one_service(HubFixture hub)
{
    private const string Service = "martyr-children-zhongkao-preference";
    private static readonly string[] Units = ["public-security", "emergency-management", "veterans-affairs"];

    private async Task<string> Apply()
    {
        var accepted = await hub.Apply("zhongkao-preferential", Person(), [Service]);
        foreach (var unit in Units)
        {
            var work = (await hub.Inbox(unit, accepted.ApplicationId)).Single(m => m.Kind == MessageKinds.WorkItem)
                .Payload<WorkItem>();
            Assert.Equal(Service, work.Service);
            // 联合评审: each unit learns it works together with the others.
            Assert.Equal(JointWorkKinds.Review, work.Joint!.Kind);
            Assert.Equal(Units, work.Joint.Units);
        }
        return accepted.ApplicationId;
    }

    private static ServiceOutcome Done(string unit) =>
        new(Outcomes.Completed, Results: [new ServiceResultDocument($"{unit} 确认意见", $"Q-{unit}")]);

    [Fact]
    public async Task it_goes_to_all_three_who_may_read_it_and_one_rejection_rejects_it_with_that_unit_s_reason()
    {
        var id = await Apply();
        foreach (var unit in Units)
            Assert.Equal(id, (await hub.Status(id, hub.Department(unit))).ApplicationId);
        await hub.Host.Get($"/api/applications/{id}", hub.Department("tax"), 403);

        await hub.Outcome(id, Service, "public-security", new ServiceOutcome(Outcomes.Accepted));
        await hub.Outcome(id, Service, "public-security", Done("public-security"));
        await hub.Outcome(id, Service, "public-security", Done("public-security"), 409);   // its part is done
        var status = (await hub.Status(id)).Services.Single();
        Assert.Equal(ServiceStates.Accepted, status.State);
        Assert.Equal(ServiceStates.Completed, status.Units!.Single(u => u.Department == "public-security").State);

        await hub.Outcome(id, Service, "veterans-affairs",
            new ServiceOutcome(Outcomes.Rejected, Reasons: ["烈士褒扬档案中无此子女记录"]));
        status = (await hub.Status(id)).Services.Single();
        Assert.Equal(ServiceStates.Rejected, status.State);
        Assert.Equal(["烈士褒扬档案中无此子女记录"], status.Reasons);
        Assert.Equal(["烈士褒扬档案中无此子女记录"], status.Units!.Single(u => u.Department == "veterans-affairs").Reasons);
        await hub.Outcome(id, Service, "emergency-management", Done("emergency-management"), 409);
        Assert.Equal("rejected", (await hub.Status(id)).State);
    }

    [Fact]
    public async Task it_completes_when_every_unit_has_done_its_part_with_every_unit_s_results()
    {
        var id = await Apply();
        await hub.Outcome(id, Service, "public-security", Done("public-security"));
        await hub.Outcome(id, Service, "emergency-management", Done("emergency-management"));
        Assert.NotEqual(ServiceStates.Completed, (await hub.Status(id)).Services.Single().State);
        await hub.Outcome(id, Service, "veterans-affairs", Done("veterans-affairs"));

        var status = await hub.Status(id);
        Assert.Equal("completed", status.State);
        Assert.Equal(3, status.Services.Single().Results!.Count);
        Assert.All(status.Services.Single().Units!, u => Assert.Equal(ServiceStates.Completed, u.State));
    }

    [Fact]
    public async Task one_unit_s_supplement_pauses_the_service_for_all_until_it_is_brought()
    {
        var id = await Apply();
        await hub.Outcome(id, Service, "emergency-management",
            new ServiceOutcome(Outcomes.SupplementRequired, Missing: ["烈士证明书复印件"]));
        Assert.Equal(ServiceStates.Supplement, (await hub.Status(id)).Services.Single().State);
        await hub.Outcome(id, Service, "public-security", Done("public-security"), 409);

        await hub.Host.Post($"/api/applications/{id}/supplements",
            new ProvideSupplement(Service, ["烈士证明书复印件"]), hub.Department(Window), 202);
        foreach (var unit in Units)
            Assert.Contains(await hub.Inbox(unit, id), m => m.Kind == MessageKinds.SupplementProvided);
        foreach (var unit in Units) await hub.Outcome(id, Service, unit, Done(unit));
        Assert.Equal("completed", (await hub.Status(id)).State);
    }
}
