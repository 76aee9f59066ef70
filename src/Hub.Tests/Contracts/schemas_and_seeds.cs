using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Contracts;

public sealed partial class schemas_and_seeds(HubFixture hub)
{
    private static readonly Schemas Schemas = new(Path.Combine(Repo.Root(), "schemas"));

    [Theory]
    [InlineData("departments.json", "departments")]
    [InlineData("catalog-2022.json", "catalog")]
    [InlineData("calendar.json", "calendar")]
    [InlineData("licence-types.json", "licence-types")]
    [InlineData("resources.json", "resources")]
    public void every_seed_file_validates_against_its_schema(string file, string schema)
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root(), "seeds", file));
        var errors = Schemas.Validate(schema, JsonDocument.Parse(text).RootElement);
        Assert.True(errors.Count == 0, JsonSerializer.Serialize(errors));
    }

    [Fact]
    public void every_seed_file_has_a_test_above()
    {
        var files = Directory
            .EnumerateFiles(Path.Combine(Repo.Root(), "seeds"), "*.json")
            .Select(Path.GetFileName)
            .Order();
        Assert.Equal(
            ["calendar.json", "catalog-2022.json", "departments.json", "licence-types.json", "resources.json"],
            files
        );
    }

    [Fact]
    public void every_contract_record_has_a_schema()
    {
        var records = typeof(Department)
            .Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            // Records only (the compiler gives them <Clone>$): the receiver helper for departments is code, not data.
            .Where(t => t.GetMethod("<Clone>$") is not null);
        var missing = records.Select(t => Kebab(t.Name)).Where(n => !Schemas.Names.Contains(n)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task every_contract_record_the_hub_answers_with_round_trips_through_its_schema()
    {
        var key = hub.Keys.Coordinator;
        var list = (await hub.Host.Get("/api/catalog/editions/2022/one-things", key)).Read<OneThingList>();
        var detail = (await hub.Host.Get("/api/one-things/newborn", key)).Read<OneThingDetail>();
        var editions = (await hub.Host.Get("/api/catalog/editions", key)).Read<List<CatalogEditionSummary>>();
        var registry = (await hub.Host.Get("/api/departments", key)).Read<DepartmentRegistry>();
        var enrolment = await hub.OpenEnrolment("tax", new OpenEnrolment(Label: "schema check"));
        var issued = await hub.Redeem(enrolment.Code);
        var keys = (await hub.Host.Get("/api/departments/tax/keys", key)).Read<Page<ApiKeyInfo>>();
        var document = new CatalogEditionDocument(
            "2022",
            "title",
            list.OneThings,
            "source",
            [new Normalisation("newborn", "市卫生\n健康委", "市卫生健康委", "broken cell")]
        );

        RoundTrip(list);
        RoundTrip(detail);
        editions.ForEach(RoundTrip);
        RoundTrip(registry);
        registry.Departments.ToList().ForEach(RoundTrip);
        RoundTrip(issued);
        RoundTrip(enrolment);
        RoundTrip(keys);
        keys.Items.ToList().ForEach(RoundTrip);
        RoundTrip(new IssueApiKey(Roles.Governance, "label"));
        RoundTrip(document);
        RoundTrip(document.Normalisations![0]);
        list.OneThings.ToList().ForEach(RoundTrip);
        list.OneThings.SelectMany(o => o.Services).ToList().ForEach(RoundTrip);
    }

    [Fact]
    public async Task the_pages_of_the_lists_round_trip_through_their_schemas()
    {
        var key = hub.Keys.Coordinator;
        async Task<Page<T>> First<T>(string url) =>
            (await hub.Host.Get($"{url}{(url.Contains('?') ? '&' : '?')}limit=5", key)).Read<Page<T>>();
        // A fresh application, found by its time: older ones of other tests may be erased (their applicant is a
        // token, which the schema of a live case refuses) and the list shows them as GET /api/applications/{id} does.
        var accepted = await hub.Apply("newborn", ApplicationScenarios.Person());
        var at = (await hub.Status(accepted.ApplicationId)).SubmittedAt;
        var applications = await First<ApplicationStatus>("/api/applications?from="
            + Uri.EscapeDataString(at.ToString("O")) + "&to=" + Uri.EscapeDataString(at.AddTicks(10).ToString("O")));
        Assert.Contains(applications.Items, a => a.ApplicationId == accepted.ApplicationId);
        var requests = await First<ShareRequestStatus>("/api/share-requests");
        var exchanges = await First<ExchangeSummary>("/api/exchanges");
        var reports = await First<QualityReportStatus>("/api/quality-reports");
        var disputes = await First<DisputeStatus>("/api/disputes");
        var breaches = (await hub.Host.Get("/api/sla/breaches?limit=5", hub.Keys.DataCentre)).Read<SlaBreachList>();

        RoundTrip(applications);
        applications.Items.ToList().ForEach(RoundTrip);
        RoundTrip(requests);
        requests.Items.ToList().ForEach(RoundTrip);
        RoundTrip(exchanges);
        exchanges.Items.ToList().ForEach(RoundTrip);
        RoundTrip(reports);
        reports.Items.ToList().ForEach(RoundTrip);
        RoundTrip(disputes);
        disputes.Items.ToList().ForEach(RoundTrip);
        RoundTrip(breaches);
        at = DateTimeOffset.UtcNow;
        RoundTrip(new ExchangeSummary(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "household-record",
            "public-security", "tax", ExchangeStates.Answered, ["name"], at, at.AddSeconds(60), at.AddSeconds(1)));
        RoundTrip(new Page<ExchangeSummary>([], "cursor"));
    }

    [Fact]
    public async Task application_delivery_and_guide_records_round_trip_through_their_schemas()
    {
        var window = hub.Department(ApplicationScenarios.Window);
        var accepted = await hub.Apply(
            "newborn",
            ApplicationScenarios.Person(),
            delivery: new ResultDelivery(DeliveryMethods.Express, "天津市和平区南京路1号")
        );
        var status = await hub.Status(accepted.ApplicationId);
        var inbox = await hub.Inbox("health", accepted.ApplicationId);
        var channel = (
            await hub.Host.Scenario(x =>
            {
                x.Put.Json(new DeliverySettings(DeliveryModes.Inbox)).ToUrl("/api/departments/water/delivery");
                x.WithRequestHeader("Authorization", $"Bearer {hub.Department("water")}");
            })
        ).Read<DeliveryChannel>();
        var letters = (await hub.Host.Get("/api/dead-letters", hub.Keys.Coordinator)).Read<DeadLetterList>();
        var guide = (await hub.Host.Get("/api/one-things/newborn/guide", window)).Read<OneThingGuide>();
        var thing = (await hub.Host.Get("/api/one-things/newborn", window)).Read<OneThingDetail>().OneThing;
        var document = new ServiceResultDocument(
            "出生医学证明",
            "Q120000001",
            "birth-medical-certificate",
            Guid.NewGuid().ToString()
        );

        RoundTrip(accepted);
        accepted.MaterialsSpared.ToList().ForEach(RoundTrip);
        accepted.MaterialsSpared.Select(m => m.SuppliedBy).ToList().ForEach(RoundTrip);
        RoundTrip(status);
        status.Services.ToList().ForEach(RoundTrip);
        RoundTrip(status.Applicant);
        RoundTrip(status.Delivery);
        RoundTrip(new InboxPage(inbox, 60));
        inbox.ForEach(RoundTrip);
        inbox.Select(m => m.Payload<WorkItem>()).ToList().ForEach(RoundTrip);
        RoundTrip(
            new WorkMaterial("birth-medical-certificate", "出生医学证明", "service:birth-medical-certificate", document)
        );
        RoundTrip(
            new SubmitApplication(
                "newborn",
                status.Applicant,
                new Dictionary<string, string> { ["child-name"] = "张小宝" },
                ["household-registration"],
                "2022"
            )
        );
        RoundTrip(new ServiceOutcome(Outcomes.Completed, "办结", Results: [document]));
        RoundTrip(new ServiceOutcome(Outcomes.Rejected, Reasons: ["材料不全"]));
        RoundTrip(document);
        RoundTrip(new ProvideSupplement("household-registration", ["照片"], "补正"));
        RoundTrip(new RateApplication(5, "满意"));
        RoundTrip(new DeliverySettings(DeliveryModes.Webhook, "https://example.gov.cn/hook", new string('s', 20)));
        RoundTrip(channel);
        RoundTrip(letters);
        RoundTrip(
            new DeadLetter(
                Guid.NewGuid(),
                "503",
                true,
                Guid.NewGuid(),
                "tax",
                MessageKinds.WorkItem,
                DateTimeOffset.UtcNow
            )
        );
        RoundTrip(new ReplayDeadLetters([Guid.NewGuid()]));
        RoundTrip(new SupplementNotice(accepted.ApplicationId, "household-registration", ["照片"]));
        RoundTrip(
            new ApplicationResults(accepted.ApplicationId, "newborn", "completed", status.Delivery, status.Services)
        );
        RoundTrip(guide);
        guide.Services.ToList().ForEach(RoundTrip);
        guide.Conditions.ToList().ForEach(RoundTrip);
        guide.Materials.ToList().ForEach(RoundTrip);
        guide.FormFields.ToList().ForEach(RoundTrip);
        foreach (var service in thing.Services)
        {
            RoundTrip(service.Guide!);
            RoundTrip(service.Guide!.Result);
            RoundTrip(service.Guide.Provenance);
            service.Guide.Materials.ToList().ForEach(RoundTrip);
            service.Guide.FormFields.ToList().ForEach(RoundTrip);
        }
    }

    [Fact]
    public void a_schema_rejects_what_its_record_would_not_accept()
    {
        var bad = JsonSerializer.SerializeToElement(
            new
            {
                code = "Not A Code",
                name = "x",
                fullName = "x",
                kind = "ministry",
                level = "city",
            }
        );
        Assert.NotEmpty(Schemas.Validate("department", bad));
    }

    private static void RoundTrip<T>(T value)
    {
        var json = JsonSerializer.SerializeToElement(value, HubJson.Options);
        var errors = Schemas.Validate(Kebab(typeof(T).Name), json);
        Assert.True(errors.Count == 0, $"{typeof(T).Name}: {JsonSerializer.Serialize(errors)}");
        var back = json.Deserialize<T>(HubJson.Options);
        Assert.True(
            JsonNode.DeepEquals(
                JsonSerializer.SerializeToNode(back, HubJson.Options),
                JsonSerializer.SerializeToNode(value, HubJson.Options)
            ),
            $"{typeof(T).Name} does not survive the round trip"
        );
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Capital();

    // A generic record (Page`1) has one schema for every row type: its rows are checked against theirs.
    private static string Kebab(string name) => Capital().Replace(name.Split('`')[0], "-$1").ToLowerInvariant();
}
