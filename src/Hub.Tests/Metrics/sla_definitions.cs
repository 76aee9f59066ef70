using OneThing.Contracts;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Metrics;

public sealed class sla_definitions(HubFixture hub)
{
    [Fact]
    public async Task the_data_centre_sets_a_services_time_limit_for_new_applications()
    {
        await hub.Host.Scenario(s =>
        {
            s.Put.Json(new ServiceSla(7)).ToUrl("/api/sla/services/vaccination-certificate");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.DataCentre}");
        });
        var id = (await hub.Apply("newborn", Person(), ["vaccination-certificate"])).ApplicationId;
        Assert.Equal(7, (await hub.Status(id)).Services.Single().TimeLimitDays);
        var sla = (await hub.Host.Get("/api/sla", hub.Keys.Coordinator)).Read<SlaDefinitions>();
        Assert.Contains(sla.Services, s => s.Service == "vaccination-certificate" && s.TimeLimitDays == 7);
    }

    [Fact]
    public async Task the_data_centre_sets_a_resources_slas_and_no_one_else_does()
    {
        foreach (
            var (key, status) in new[]
            {
                (hub.Keys.Coordinator, 403),
                (hub.Department("market-regulation"), 403),
                (hub.Keys.DataCentre, 200),
            }
        )
            await hub.Host.Scenario(s =>
            {
                s.Put.Json(new ResourceSla(2, 12)).ToUrl("/api/sla/resources/taxpayer-status-record");
                s.WithRequestHeader("Authorization", $"Bearer {key}");
                s.StatusCodeShouldBe(status);
            });
        var sla = (await hub.Host.Get("/api/sla", hub.Keys.DataCentre)).Read<SlaDefinitions>();
        Assert.Contains(
            sla.Resources,
            r => r.Resource == "taxpayer-status-record" && r.ResponseSlaSeconds == 2 && r.FreshnessSlaHours == 12
        );
        await hub.Host.Scenario(s =>
        {
            s.Put.Json(new ResourceSla(0, 12)).ToUrl("/api/sla/resources/taxpayer-status-record");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.DataCentre}");
            s.StatusCodeShouldBe(400);
        });
    }
}
