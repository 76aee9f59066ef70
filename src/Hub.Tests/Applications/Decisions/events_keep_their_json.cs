using OneThing.Hub.Tests.Infrastructure;
using System.Text;
using System.Text.Json.Nodes;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using Weasel.Core;

namespace OneThing.Hub.Tests.Applications.Decisions;

/// <summary>
/// The events hold the hub's own records now, not the contracts: what they store must be the same JSON, so that the
/// streams written before still load and the metrics read the same fields.
/// </summary>
public sealed class events_keep_their_json
{
    // As the hub's store serialises (HubStore: camelCase, enums as strings).
    private static readonly Marten.Services.SystemTextJsonSerializer Store = new()
    {
        EnumStorage = EnumStorage.AsString,
        Casing = Casing.CamelCase,
    };

    private static void SameJson(object contract, object stored) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Store.ToJson(contract)), JsonNode.Parse(Store.ToJson(stored))),
            $"{Store.ToJson(contract)} is not {Store.ToJson(stored)}");

    [Fact]
    public void every_record_an_event_holds_serialises_as_the_contract_it_replaced()
    {
        var applicant = new Applicant(ApplicantKinds.Person, "120101202301010010", "张小明", "13812345678");
        SameJson(applicant, applicant.ToCase());
        var delivery = new ResultDelivery(DeliveryMethods.Express, "和平区");
        SameJson(delivery, delivery.ToCase());
        var spared = new SparedMaterial("id-card", "身份证", new MaterialSource("resident-id-card", null, "birth"));
        SameJson(spared, spared.ToCase());
        var document = new ServiceResultDocument("出生医学证明", "Q1", "birth-medical-certificate", "licence-1");
        SameJson(document, document.ToCase());
        SameJson(new WorkMaterial("birth", "出生医学证明", "service:birth", document),
            new CaseMaterial("birth", "出生医学证明", "service:birth", document.ToCase()));
        SameJson(new WorkMaterial("birth", "出生医学证明", "service:birth"),
            new CaseMaterial("birth", "出生医学证明", "service:birth"));
    }

    // What today's main stores for a submission and a completion (the contracts inside, serialised by the store).
    private const string SubmittedByMain = """
        {"applicationId":"0198c0de-0000-7000-8000-000000000001","oneThing":"newborn","edition":"2022",
         "frontOffice":"government-services",
         "applicant":{"kind":"person","idNumber":"120101202301010010","name":"张小明","phone":"13812345678"},
         "form":{"birth-date":"2026-02-20"},"filledByHub":["applicant-name"],
         "services":[{"code":"birth","name":"出生医学证明","department":"health","prerequisites":[],"timeLimitDays":5}],
         "materialsSpared":[{"code":"id-card","name":"身份证",
           "suppliedBy":{"licenceType":"resident-id-card","resource":null,"fromService":null}}],
         "delivery":{"method":"express","address":"和平区"},"submittedBy":"government-services/key",
         "submittedAt":"2026-03-02T01:00:00+00:00"}
        """;

    private const string CompletedByMain = """
        {"applicationId":"0198c0de-0000-7000-8000-000000000001","service":"birth","department":"health",
         "results":[{"name":"出生医学证明","number":"Q1","licenceType":"birth-medical-certificate","licenceId":"l-1"}],
         "note":null,"hours":1.5,"withinLimit":true,"completedBy":"health/key",
         "completedAt":"2026-03-02T02:30:00+00:00"}
        """;

    private static T Load<T>(string json) => Store.FromJson<T>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void events_stored_by_main_load_and_fold_as_before()
    {
        var submitted = Load<ApplicationSubmitted>(SubmittedByMain);
        Assert.Equal(new CaseApplicant(ApplicantKinds.Person, "120101202301010010", "张小明", "13812345678"),
            submitted.Applicant);
        Assert.Equal(new CaseDelivery(DeliveryMethods.Express, "和平区"), submitted.Delivery);
        Assert.Equal("resident-id-card", Assert.Single(submitted.MaterialsSpared).SuppliedBy.LicenceType);
        var completed = Load<ServiceCompleted>(CompletedByMain);
        Assert.Equal(new CaseDocument("出生医学证明", "Q1", "birth-medical-certificate", "l-1"),
            Assert.Single(completed.Results));

        var state = Application.Create(submitted, "c").Evolve(completed);
        Assert.Equal(ServiceStage.Completed, Assert.Single(state.Services).Stage);
        var view = ApplicationViewProjection.Create(submitted);
        ApplicationViewProjection.Apply(completed, view);
        Assert.Equal("l-1", Assert.Single(view.Line("birth").Results!).LicenceId);

        // And written again, they are the same JSON (members added since are null, and left out of old events).
        Assert.True(StoredJson.Same(JsonNode.Parse(SubmittedByMain), JsonNode.Parse(Store.ToJson(submitted))));
        Assert.True(StoredJson.Same(JsonNode.Parse(CompletedByMain), JsonNode.Parse(Store.ToJson(completed))));
    }
}
