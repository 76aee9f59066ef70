using OneThing.Contracts;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Guides;

public sealed class service_guides(HubFixture hub)
{
    private async Task<OneThingGuide> Guide(string code, string query = "") =>
        (await hub.Host.Get($"/api/one-things/{code}/guide{query}", hub.Department(Window))).Read<OneThingGuide>();

    [Fact]
    public async Task the_newborn_guide_lists_each_material_once_and_the_birth_certificate_is_not_brought_again()
    {
        var guide = await Guide("newborn");

        Assert.Equal(guide.Materials.Select(m => m.Code).Distinct().Count(), guide.Materials.Count);
        Assert.Contains(guide.Materials, m => m.NeededBy.Count > 1); // asked by several services, listed once
        var birth = Assert.Single(guide.Materials, m => m.Code == "birth-medical-certificate");
        Assert.False(birth.ApplicantBrings);
        Assert.Equal("birth-medical-certificate", birth.SuppliedBy!.FromService);
        Assert.DoesNotContain("birth-medical-certificate", birth.NeededBy); // the first service produces it
        Assert.Equal(guide.FormFields.Select(f => f.Code).Distinct().Count(), guide.FormFields.Count);
        Assert.Equal(["birth-medical-certificate"], guide.Stages[0]);
        Assert.True(
            guide.TotalWorkingDays < guide.Services.Sum(s => s.TimeLimitDays),
            "parallel services do not add up"
        );
    }

    [Fact]
    public async Task every_one_thing_of_2022_has_a_complete_guide()
    {
        var list = (
            await hub.Host.Get("/api/catalog/editions/2022/one-things", hub.Keys.Coordinator)
        ).Read<OneThingList>();
        foreach (var thing in list.OneThings)
        {
            Assert.All(
                thing.Services,
                s =>
                {
                    Assert.True(s.TimeLimitDays > 0, $"{thing.Code}/{s.Code} time limit");
                    Assert.NotNull(s.Guide);
                    Assert.NotEmpty(s.Guide!.Materials);
                    Assert.NotEmpty(s.Guide.LegalBasis);
                    Assert.NotEmpty(s.Guide.Conditions);
                    Assert.NotEmpty(s.Guide.FormFields);
                    Assert.False(string.IsNullOrWhiteSpace(s.Guide.Result.Name), $"{thing.Code}/{s.Code} result");
                    Assert.False(string.IsNullOrWhiteSpace(s.Guide.Fees));
                    Assert.Contains("materials", s.Guide.Provenance.Ours);
                }
            );
            var guide = await Guide(thing.Code);
            Assert.Equal(guide.Services.Count, guide.Stages.Sum(s => s.Count));
            Assert.True(guide.TotalWorkingDays > 0);
        }
    }

    [Fact]
    public async Task a_subset_gets_its_own_guide_and_an_earlier_result_not_chosen_is_no_longer_supplied_by_it()
    {
        var guide = await Guide("newborn", "?services=household-registration");
        Assert.Single(guide.Services);
        var birth = Assert.Single(guide.Materials, m => m.Code == "birth-medical-certificate");
        Assert.NotEqual("birth-medical-certificate", birth.SuppliedBy?.FromService);
        (
            await hub.Host.Get("/api/one-things/newborn/guide?services=nothing-such", hub.Department(Window), 400)
        ).Problem();
    }

    [Fact]
    public async Task the_window_prints_the_same_guide_in_chinese()
    {
        var result = await hub.Host.Scenario(s =>
        {
            s.Get.Url("/api/one-things/newborn/guide");
            s.WithRequestHeader("Accept", "text/html");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(Window)}");
        });
        Assert.StartsWith("text/html", result.Context.Response.ContentType);
        var html = result.ReadAsText();
        Assert.Contains("办事指南", html);
        Assert.Contains("出生医学证明签发", html);
        Assert.Contains("免提交", html);
    }

    [Fact]
    public async Task an_application_records_which_materials_the_hub_supplied_and_how_many_were_spared()
    {
        var guide = await Guide("newborn");
        // A number of its own: other tests push e-licences to the usual applicant.
        var own = ResidentId(
            $"1201011985{Random.Shared.Next(1, 13):00}{Random.Shared.Next(1, 28):00}{Random.Shared.Next(100, 999)}");
        var accepted = await hub.Apply("newborn", Person(own));
        // Spared is what really stood in, never the guide's promise: this applicant holds no e-licence and no
        // provider answers here, so only the results of earlier chosen services spare anything.
        Assert.True(accepted.MaterialsSpared.Count < guide.MaterialsSupplied);
        Assert.All(accepted.MaterialsSpared, m => Assert.NotNull(m.SuppliedBy.FromService));
        Assert.Contains(accepted.MaterialsSpared, m => m.Code == "birth-medical-certificate");
        var status = await hub.Status(accepted.ApplicationId);
        Assert.Equal(accepted.MaterialsSpared.Select(m => m.Code), status.MaterialsSpared.Select(m => m.Code));
    }

    [Fact]
    public async Task an_application_keeps_the_guide_of_the_edition_it_was_made_under()
    {
        var before = await hub.Apply("newborn", Person(), ["birth-medical-certificate"]);
        var madeUnder = (await hub.Status(before.ApplicationId)).Edition;

        var list = (
            await hub.Host.Get("/api/catalog/editions/2022/one-things", hub.Keys.Coordinator)
        ).Read<OneThingList>();
        // Newer than any edition other tests published, so new applications take it.
        var editions = (await hub.Host.Get("/api/catalog/editions", hub.Keys.Coordinator)).Read<
            List<CatalogEditionSummary>
        >();
        var edition = (int.Parse(editions.Max(e => e.Edition)!) + 1).ToString();
        var things = list
            .OneThings.Select(o =>
                o.Code != "newborn"
                    ? o
                    : o with
                    {
                        Services = o
                            .Services.Select(s =>
                                s.Code == "birth-medical-certificate" ? s with { TimeLimitDays = 9 } : s
                            )
                            .ToList(),
                    }
            )
            .ToList();
        await hub.Host.Post(
            "/api/catalog/editions",
            new CatalogEditionDocument(edition, $"{edition}版", things),
            hub.Keys.Coordinator,
            201
        );

        var old = (await hub.Status(before.ApplicationId)).Services.Single();
        Assert.Equal(madeUnder, (await hub.Status(before.ApplicationId)).Edition);
        Assert.NotEqual(9, old.TimeLimitDays);
        var after = await hub.Apply("newborn", Person(), ["birth-medical-certificate"]);
        Assert.Equal(9, (await hub.Status(after.ApplicationId)).Services.Single().TimeLimitDays);
        Assert.Equal(
            old.TimeLimitDays,
            (await Guide("newborn", $"?edition={madeUnder}"))
                .Services.Single(s => s.Code == "birth-medical-certificate")
                .TimeLimitDays
        );
    }
}
