using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Infrastructure.Decisions;

namespace OneThing.Hub.Tests.Audit.Records;

/// <summary>What the audit endpoints decide and record, without a database: reads go to audit's own streams.</summary>
public sealed class recording_audit_work(HubFixture hub)
{
    [Fact]
    public void filters_and_limits_are_checked_before_anything_is_read()
    {
        var (_, badCursor) =
            ReadAuditEventsEndpoint.Load(null, null, null, null, null, null, "not-a-cursor", null, null);
        var (_, badTime) = ReadAuditEventsEndpoint.Load(null, null, null, "yesterday", null, null, null, null, null);
        var (_, badLimit) = ReadAuditEventsEndpoint.Load(null, null, null, null, null, null, null, 1001, null);
        var (filter, fine) = ReadAuditEventsEndpoint.Load("department/water", null, null, null, null, null,
            Cursor.Write(42), 10, null);

        Refused(badCursor, 400, Problems.ValidationType);
        Refused(badTime, 400, Problems.ValidationType);
        Refused(badLimit, 400, Problems.ValidationType);
        Fine(fine);
        Assert.Equal(("department/water", 42L), (filter!.Stream, filter.After));
    }

    [Fact]
    public void a_reveal_is_recorded_on_the_reveals_stream_and_a_plain_read_records_nothing()
    {
        var request = new DefaultHttpContext().Request;
        request.Path = "/api/audit/events";
        request.QueryString = new QueryString("?reveal=true");
        var officer = Caller("cyberspace-affairs", Roles.Governance);

        Assert.IsType<Wolverine.Marten.NoOp>(AuditReads.Revealed(false, officer, request, Clock));
        var stream = Assert.Single(Streams(hub.Store, AuditReads.Revealed(true, officer, request, Clock)));
        Assert.Equal(AuditStreams.Reveals, stream.Key);
        Assert.Equal(new AuditRevealed("cyberspace-affairs", "/api/audit/events?reveal=true", "cyberspace-affairs/key",
            Now), Assert.Single(stream.Events).Data);
    }

    [Fact]
    public void an_erasure_gives_the_case_and_the_reason()
    {
        Refused(EraseCaseEndpoint.Validate(new EraseCase("", "保存期限届满")), 400, Problems.ValidationType);
        Refused(EraseCaseEndpoint.Validate(new EraseCase("case-1", new string('x', 1001))), 400,
            Problems.ValidationType);
        Fine(EraseCaseEndpoint.Validate(new EraseCase("case-1", "保存期限届满")));
    }

    [Fact]
    public void an_erasure_records_what_it_found_in_every_store_on_the_erasures_stream()
    {
        var found = new CaseErasure([7, 9], ["{}", "{}"],
            [
                new DocumentErasure("mt_doc_applicationview", "a-1", "{}"),
                new DocumentErasure("mt_doc_inboxitem", "m", null),
            ],
            ["120102197707070070"], ["sha"], []);
        var (result, stores, append) = EraseCaseEndpoint.Post(new EraseCase("case-1", "保存期限届满"), found,
            Caller("cyberspace-affairs", Roles.Governance), Clock);

        Assert.Equal(new EraseCase("case-1", "保存期限届满"), Assert.IsType<Ok<EraseCase>>(result).Value);
        Assert.IsType<EraseStores>(stores);
        var stream = Assert.Single(Streams(hub.Store, append));
        Assert.Equal(AuditStreams.Erasures, stream.Key);
        Assert.Equal(new CaseErased("case-1", "保存期限届满", 2, "cyberspace-affairs/key", Now, 2, 1, 0),
            Assert.Single(stream.Events).Data);
    }

    [Fact]
    public void the_personal_values_of_an_event_are_those_the_chain_blinds_and_identifiers_are_told_apart()
    {
        var personal = AuditMasking.Personal("""
            {"applicant":{"idType":"resident-id","idNumber":"120102197707070070","name":"张三","phone":"13800000000"},
             "form":{"spouse-name":"李四","newborn-sex":"男"},"note":"p:already"}
            """).ToList();
        Assert.Equal([("120102197707070070", true), ("张三", false), ("13800000000", true), ("李四", false)], personal);
    }
}
