using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using static OneThing.Hub.Tests.Sharing.Deciding;

namespace OneThing.Hub.Tests.Sharing.Resources;

public sealed class resource_decisions
{
    private static readonly JsonElement Schema = JsonSerializer.SerializeToElement(new { type = "object" });

    public static RegisterResource Registration(string sharing = SharingClasses.Conditional) =>
        new("household-record", "户籍信息", sharing,
            [new ResourceField("residentId", "身份号码", "string", true), new ResourceField("name", "姓名", "string", true)],
            Schema, 5, 24, ["residentId"]);

    public static Resource Registered(string sharing = SharingClasses.Conditional) =>
        Resource.Create(ResourceRules.Registered(Registration(sharing), "public-security", "public-security/key-1",
            Now));

    [Fact]
    public void a_registration_is_decided_on_by_provider_sharing_class_and_fields()
    {
        var resource = Registered();
        Assert.Equal(("resource/household-record", "public-security", ResourceSharing.Conditional, 5),
            (resource.Id, resource.Provider, resource.Sharing, resource.ApprovalDays));
        Assert.Equal(["residentId", "name"], resource.Fields);
        Assert.Equal(ResourceSharing.NotShared, Registered(SharingClasses.NotShared).Sharing);
        Assert.Equal(ResourceSharing.Unconditional, Registered(SharingClasses.Unconditional).Sharing);
    }

    [Fact]
    public void a_new_sla_changes_the_response_time_that_answers_are_held_to()
    {
        var changed = Registered().Apply(new ResourceSlaChanged("household-record", 9, 48, "coordinator", Now));
        Assert.Equal(9, changed.ResponseSlaSeconds);
        Assert.Equal(5, Registered().ResponseSlaSeconds);   // a new state, the old one untouched
    }

    [Fact]
    public void a_registration_breaking_the_rules_names_each_field()
    {
        Assert.Empty(ResourceRules.Check(Registration()));
        Assert.Empty(RequestShape.Errors(Registration()));
        var bad = Registration() with { Code = "Not A Code", ResponseSlaSeconds = 0, QueryBy = ["unknown"],
            ApprovalDays = 31 };
        // The schema names the members it refuses; the rules, what it cannot know (the query fields among the fields).
        Assert.Equal(["approvalDays", "code", "queryBy", "responseSlaSeconds"],
            RequestShape.Errors(bad).Union(ResourceRules.Check(bad).Keys).Order());
        Assert.Contains("body", RequestShape.Errors<RegisterResource>(null));
    }

    [Fact]
    public void registering_starts_the_resource_stream_with_its_fields()
    {
        var (created, start) = RegisterResourceEndpoint.Post(Registration(), Department("public-security"), Clock());
        Assert.Equal("/api/resources/household-record", created.Url);
        Assert.Equal("resource/household-record", start.StreamKey);
        var registered = Assert.IsType<ResourceRegistered>(Assert.Single(start.Events));
        Assert.Equal(5, registered.ApprovalDays);   // the default when none is given
    }

    [Fact]
    public void the_stored_event_keeps_the_json_of_the_contract_it_was_written_with()
    {
        // As main wrote it: the fields were Hub.Contracts' ResourceField records.
        var field = new ResourceField("residentId", "身份号码", "string", true);
        var stored = JsonSerializer.Serialize(new { code = "r", fields = new[] { field } }, HubJson.Options);
        var mine = JsonSerializer.Serialize(new { code = "r", fields = new[] { ResourceFieldRecord.From(field) } },
            HubJson.Options);
        Assert.Equal(stored, mine);
        var read = JsonSerializer.Deserialize<ResourceFieldRecord>(JsonSerializer.Serialize(field, HubJson.Options),
            HubJson.Options);
        Assert.Equal(field, read!.ToContract());
    }
}
