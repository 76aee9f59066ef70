using System.Security.Cryptography;
using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Sharing.Resources;
using OneThing.Hub.Tests.Sharing.ShareRequests;
using Wolverine.Marten;
using static OneThing.Hub.Tests.Sharing.Deciding;

namespace OneThing.Hub.Tests.Sharing.Exchanges;

public sealed class exchange_decisions
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);
    private static readonly SecretBox Box = new(RandomNumberGenerator.GetBytes(32));

    public static Exchange Routed() => Exchange.Create(new ExchangeRequested("x-1", "sr-1", "household-record",
        "public-security", "civil-affairs", "核验", ["residentId"], "digest", ["residentId", "name"], Now.AddMinutes(5),
            "c", Now));

    private static ExchangeReply Reply(object record) => new([JsonSerializer.SerializeToElement(record)]);

    [Fact]
    public void an_exchange_evolves_from_routed_to_answered_invalid_timed_out_or_delivered()
    {
        var routed = Routed();
        Assert.Equal((ExchangeState.Routed, "routed"), (routed.State, routed.StateName));
        Assert.Equal(ExchangeState.Answered,
            routed.Apply(new ExchangeAnswered("x-1", "r", "p", 1, 10, "d", [], [], 5, 5, "p", Now)).State);
        Assert.Equal("invalid-answer", routed.Apply(new ExchangeAnswerInvalid("x-1", "r", "p", ["bad"], "p",
            Now)).StateName);
        Assert.Equal("timed-out", routed.Apply(new ExchangeTimedOut("x-1", "r", "p", Now, Now)).StateName);
        // Streams written before the hand-over had a stream of its own carry it on the exchange's stream.
        Assert.Equal(ExchangeState.Delivered, routed.Apply(new ExchangeDelivered("x-1", "civil-affairs", true,
            Now)).State);
        Assert.Equal(ExchangeState.Routed, routed.State);
    }

    [Fact]
    public void a_query_is_refused_without_a_grant_for_this_consumer_or_a_field_it_does_not_cover()
    {
        var resource = resource_decisions.Registered();
        var request = new RequestExchange("0190a1b2-0000-7000-8000-000000000001", new Dictionary<string,
            string> { ["residentId"] = "1" });
        var grant = share_request_decisions.Pending().Apply(new ShareRequestGranted("sr-1", "household-record",
            "public-security", ["residentId"], "2099-01-01", "核验", "provider", true, "p", Now));
        Assert.Null(RequestExchangeEndpoint.Refusal(request, "civil-affairs", grant, resource, Now));
        Assert.Contains("no grant", RequestExchangeEndpoint.Refusal(request, "tax", grant, resource, Now));
        Assert.Contains("no grant", RequestExchangeEndpoint.Refusal(request, "civil-affairs", null, null, Now));
        Assert.Contains("'name' is not granted",
            RequestExchangeEndpoint.Refusal(request with { Fields = ["name"] }, "civil-affairs", grant, resource, Now));
        Assert.Contains("not shared", RequestExchangeEndpoint.Refusal(request, "civil-affairs", grant,
            resource with { Sharing = ResourceSharing.NotShared }, Now));
        Assert.Null(RequestShape.Status(request));
        Assert.Equal(400, RequestShape.Status(request with { ShareRequest = "not-a-guid" }));
    }

    [Fact]
    public void a_routed_query_starts_the_exchange_and_goes_to_the_provider_with_its_deadline()
    {
        var hub = new HubOptions { Database = "" };
        var (start, messages) = StartExchangeHandler.Handle(new StartExchange("x-1", "sr-1", "household-record",
            "public-security", "核验", new Dictionary<string, string> { ["residentId"] = "1" }, ["residentId"],
                "civil-affairs",
            "c", "corr"), hub, Box, Clock());
        Assert.Equal("x-1", start.StreamKey);
        Assert.IsType<ExchangeRequested>(Assert.Single(start.Events));
        Assert.Equal([("public-security", "exchange-query")], Notices(messages));
        Assert.Equal(Now + hub.ExchangeTimeout, Sent<ExchangeAnswerDue>(messages).Single().DueAt);
    }

    [Fact]
    public void the_query_digest_of_an_id_number_is_keyed_and_not_its_sha256()
    {
        var query = new Dictionary<string, string> { ["residentId"] = "120101199001011234" };
        var command = new StartExchange("x-1", "sr-1", "household-record", "public-security", "核验", query,
            ["residentId"], "civil-affairs", "c", "corr");
        var requested = (ExchangeRequested)StartExchangeHandler.Handle(command, new HubOptions { Database = "" }, Box,
            Clock()).Item1.Events.Single();

        var canonical = StartExchangeHandler.CanonicalQuery(query);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(query.OrderBy(q => q.Key)), canonical);   // as before
        // Anyone can compute the SHA-256 of every ID number; only the hub holds the key of the digest.
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(canonical)), requested.QueryDigest);
        Assert.Equal(Box.QueryDigest(canonical), requested.QueryDigest);
        Assert.NotEqual(new SecretBox(RandomNumberGenerator.GetBytes(32)).QueryDigest(canonical),
            requested.QueryDigest);
        Assert.Equal(ExchangeRequested.KeyedDigest, requested.QueryDigestAlgorithm);
        Assert.DoesNotContain("120101199001011234", JsonSerializer.Serialize(requested));
    }

    [Fact]
    public void an_invalid_answer_tells_the_consumer_only_how_many_records_were_invalid()
    {
        var resource = resource_decisions.Registered() with
        {
            RegisteredAt = Now.AddTicks(2),
            RecordSchema = JsonSerializer.SerializeToElement(new { type = "object",
                properties = new { name = new { type = "string" }, salary = new { type = "integer" } } }),
        };
        var reply = new ExchangeReply([JsonSerializer.SerializeToElement(new { name = "张三", salary = "九千元" }),
            JsonSerializer.SerializeToElement(new { name = "李四", salary = 9000 })]);
        var (_, events, messages, _) = ReplyToExchangeEndpoint.Decide(reply, Routed(), resource, "p", Now.AddMinutes(1),
            Wait, "corr");

        var invalid = Assert.IsType<ExchangeAnswerInvalid>(Assert.Single(events));
        Assert.Contains(invalid.Errors, e => e.Contains("/salary"));   // the provider's to read
        Assert.Equal("The provider's answer broke the resource's schema: 1 of 2 records invalid.",
            invalid.ConsumerProblem());
        var notice = Assert.Single(messages.OfType<DeliverToDepartment>()).Message.Payload
            .Deserialize<SharingNotice>(HubJson.Options)!.Detail;
        Assert.Equal(invalid.ConsumerProblem(), notice);
        Assert.DoesNotContain("salary", notice);
        Assert.DoesNotContain("九千元", notice);
        // Events stored before the counts: counted from the errors.
        Assert.Contains("2 records invalid", new ExchangeAnswerInvalid("x-1", "r", "p",
            ["records[0]/a: x", "records[0]/b: y", "records[3]/a: z"], "p", Now).ConsumerProblem());
    }

    [Fact]
    public async Task a_view_projected_before_the_consumers_text_gives_the_consumer_none_of_the_errors()
    {
        var old = new ExchangeView
        {
            Id = "x-1", State = ExchangeStates.Invalid,
            Problem = "The provider's answer broke the resource schema: records[0]/salary: Value is \"string\"",
        };
        var (_, problem) = await HandOver.Take(old, null!, false, Clock(), CancellationToken.None);
        Assert.Equal(422, problem!.Status);
        Assert.DoesNotContain("salary", problem.Detail);
    }

    [Fact]
    public void only_the_provider_replies_once_with_json_objects()
    {
        var provider = Department("public-security");
        Fine(ReplyToExchangeEndpoint.Validate(Routed(), provider));
        Problem(403, ReplyToExchangeEndpoint.Validate(Routed(), Department("tax")));
        Problem(409, ReplyToExchangeEndpoint.Validate(
            Routed() with { State = ExchangeState.Answered }, provider));
        Assert.Null(RequestShape.Status(Reply(new { residentId = "1" })));
        Assert.Equal(400, RequestShape.Status(new ExchangeReply([JsonSerializer.SerializeToElement(1)])));
    }

    [Fact]
    public void a_reply_keeps_only_the_granted_fields_and_leaves_the_records_for_the_consumer()
    {
        var (result, events, messages, op) = ReplyToExchangeEndpoint.Decide(Reply(new { residentId = "1", name = "张三",
            salary = 9 }),
            Routed(), resource_decisions.Registered(), "p", Now.AddSeconds(1), Wait, "corr");
        Assert.Equal(200, Status(result));
        var answered = Assert.IsType<ExchangeAnswered>(Assert.Single(events));
        Assert.Equal(["name", "residentId"], answered.FieldsReturned);
        Assert.Equal(["salary"], answered.FieldsRemoved);
        Assert.Equal(1, answered.Records);
        Assert.Empty(messages);   // the consumer is still waiting for it
        var pickup = Assert.IsType<ExchangePickup>(Assert.IsType<StoreDoc<ExchangePickup>>(op).Document);
        Assert.DoesNotContain("salary", pickup.Records.Single().ToString());
    }

    [Fact]
    public void a_reply_breaking_the_schema_is_an_invalid_answer_and_a_late_one_is_told_to_the_consumer()
    {
        var resource = resource_decisions.Registered() with
        {
            RegisteredAt = Now.AddTicks(1),
            RecordSchema = JsonSerializer.SerializeToElement(new { type = "object",
                properties = new { name = new { type = "string" } } }),
        };
        var (result, events, messages, _) = ReplyToExchangeEndpoint.Decide(Reply(new { name = 12 }), Routed(),
            resource, "p",
            Now.AddMinutes(1), Wait, "corr");
        Assert.Equal(400, Status(result));
        Assert.IsType<ExchangeAnswerInvalid>(Assert.Single(events));
        Assert.Equal([("civil-affairs", "share-answer-invalid")], Notices(messages));
    }

    [Fact]
    public void an_exchange_times_out_only_while_it_waits_for_its_answer()
    {
        var due = new ExchangeAnswerDue("x-1", Now.AddMinutes(5));
        var (events, messages) = ExchangeAnswerDueHandler.Decide(due, Routed(), Now.AddMinutes(6), "c");
        Assert.IsType<ExchangeTimedOut>(Assert.Single(events));
        Assert.Equal([("civil-affairs", "share-timed-out")], Notices(messages));
        Assert.Empty(ExchangeAnswerDueHandler.Decide(due, Routed(), Now, "c").Item1);
        Assert.Empty(ExchangeAnswerDueHandler.Decide(due, Routed() with { State = ExchangeState.Answered },
            Now.AddMinutes(6), "c").Item1);
    }
}
