using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Contracts;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Infrastructure.Decisions;

namespace OneThing.Hub.Tests.Metrics;

public sealed class setting_slas(HubFixture hub)
{
    [Fact]
    public void a_resources_slas_are_set_for_a_known_resource_within_bounds()
    {
        var known = new SetResourceSlaEndpoint.Resource(Exists: true);

        Refused(SetResourceSlaEndpoint.Validate("nothing", new(2, 12), new(Exists: false)), 404, Problems.NotFoundType);
        Refused(SetResourceSlaEndpoint.Validate("taxes", new(0, 12), known), 400, Problems.ValidationType);
        Refused(SetResourceSlaEndpoint.Validate("taxes", new(2, 8761), known), 400, Problems.ValidationType);
        Fine(SetResourceSlaEndpoint.Validate("taxes", new(86400, 8760), known));
    }

    [Fact]
    public void a_resources_new_slas_go_onto_its_stream()
    {
        var (result, append) = SetResourceSlaEndpoint.PutResource("taxes", new(2, 12),
            Caller("big-data-centre", Roles.DataCentre), Clock);

        Assert.Equal(new ResourceSla(2, 12), Assert.IsType<Ok<ResourceSla>>(result).Value);
        var stream = Assert.Single(Streams(hub.Store, append));
        Assert.Equal(ResourceView.StreamKey("taxes"), stream.Key);
        Assert.Equal(new ResourceSlaChanged("taxes", 2, 12, "big-data-centre/key", Now),
            Assert.Single(stream.Events).Data);
    }

    [Fact]
    public void a_services_time_limit_is_set_for_a_service_of_the_catalog_within_a_year()
    {
        var known = new SetServiceSlaEndpoint.Service(InCatalog: true);

        Refused(SetServiceSlaEndpoint.Validate("nothing", new(7), new(InCatalog: false)), 404, Problems.NotFoundType);
        Refused(SetServiceSlaEndpoint.Validate("vaccination", new(0), known), 400, Problems.ValidationType);
        Refused(SetServiceSlaEndpoint.Validate("vaccination", new(366), known), 400, Problems.ValidationType);
        Fine(SetServiceSlaEndpoint.Validate("vaccination", new(7), known));

        var (_, append) = SetServiceSlaEndpoint.PutService("vaccination", new(7),
            Caller("big-data-centre", Roles.DataCentre), Clock);
        var stream = Assert.Single(Streams(hub.Store, append));
        Assert.Equal(ServiceSlaView.StreamKey("vaccination"), stream.Key);
        Assert.Equal(new ServiceSlaChanged("vaccination", 7, "big-data-centre/key", Now),
            Assert.Single(stream.Events).Data);
    }
}
