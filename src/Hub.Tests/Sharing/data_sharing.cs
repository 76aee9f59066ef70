using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using Wolverine.Tracking;

namespace OneThing.Hub.Tests.Sharing;

public sealed class data_sharing(HubFixture hub)
{
    private string Tomorrow(int days = 30) =>
        DateOnly.FromDateTime(hub.Clock.GetUtcNow().AddHours(8).Date).AddDays(days).ToString("yyyy-MM-dd");

    private async Task<ShareRequestStatus> Request(string consumer, string resource, string[] fields, int status = 201,
        string? validUntil = null) =>
        (await hub.Host.Post("/api/share-requests", new RequestShare(resource, "核验申请人身份", "《天津市政务数据共享管理办法》", fields,
            validUntil ?? Tomorrow()),
            hub.Department(consumer), status)).Read<ShareRequestStatus>();

    // Picks the provider's query for this consumer out of its inbox.
    private static string ExchangeFor(ShareRequestStatus grant) => $"\"consumer\":\"{grant.Consumer}\"";

    private async Task<IReadOnlyList<SharingNotice>> Notices(string department, string subject) =>
        (await hub.Inbox(department, subject)).Select(m => m.Payload<SharingNotice>()).ToList();

    [Fact]
    public async Task an_unconditional_resource_is_granted_after_the_compliance_check()
    {
        var request = await Request("tax", "enterprise-registration-record", ["uscc", "enterpriseName"]);
        Assert.Equal(ShareStates.Granted, request.State);
        Assert.Equal(["uscc", "enterpriseName"], request.Grant!.Fields);
    }

    [Fact]
    public async Task a_resource_that_is_not_shared_is_refused_at_once_with_the_reason_and_the_attempt_recorded()
    {
        var before = await hub.EventCount();
        var problem = (await hub.Host.Post("/api/share-requests", new RequestShare("criminal-record", "背景审查", "无",
            ["residentId"], Tomorrow()),
            hub.Department("education"), 409)).Problem();
        Assert.Contains("不予共享", problem.Detail);
        await using var session = hub.Store.QuerySession();
        Assert.Contains((await session.Events.FetchStreamAsync("refusals/education")).Select(e => e.Data),
            e => e is ShareRequestRefused);
        Assert.Equal(before + 1, await hub.EventCount());
    }

    [Fact]
    public async Task a_conditional_request_waits_for_the_provider_who_may_narrow_it()
    {
        var request = await Request("civil-affairs", "household-registration-record", ["residentId", "name",
            "householdAddress"]);
        Assert.Equal(ShareStates.Pending, request.State);
        Assert.Contains(await Notices("public-security", request.Id), n => n.Event == "request");

        await hub.Host.Post($"/api/share-requests/{request.Id}/approval", new ApproveShareRequest(["residentId",
            "name"]), hub.Department("public-security"), 202);
        var granted = (await hub.Host.Get($"/api/share-requests/{request.Id}",
            hub.Department("civil-affairs"))).Read<ShareRequestStatus>();
        Assert.Equal(["residentId", "name"], granted.Grant!.Fields);
        (await hub.Host.Post($"/api/share-requests/{request.Id}/approval", new ApproveShareRequest(),
            hub.Department("tax"), 403)).Problem();
    }

    [Fact]
    public async Task a_provider_silent_past_its_deadline_breaches_and_the_coordinating_office_is_told()
    {
        var request = await Request("civil-affairs", "social-insurance-record", ["residentId"]);
        hub.Clock.Advance(TimeSpan.FromDays(10));   // 5 working days pass
        await hub.Host.InvokeMessageAndWaitAsync(new SharingDeadline(request.Id, "share-request",
            request.DueAt!.Value));

        var status = (await hub.Host.Get($"/api/share-requests/{request.Id}",
            hub.Keys.Coordinator)).Read<ShareRequestStatus>();
        Assert.True(status.Breached);
        Assert.Contains(status.History, h => h.What == "deadline-breached");
        Assert.Contains(await Notices("government-services", request.Id), n => n.Event == "deadline-breached");
    }

    [Fact]
    public async Task a_dispute_ruled_for_the_consumer_produces_the_grant()
    {
        var request = await Request("emergency-management", "veteran-record", ["residentId", "name"]);
        await hub.Host.Post($"/api/share-requests/{request.Id}/rejection", new RejectShareRequest(["用途与退役军人事务无关"]),
            hub.Department("veterans-affairs"), 202);
        var dispute = (await hub.Host.Post($"/api/share-requests/{request.Id}/disputes",
            new RaiseDispute("烈士子女优待核验需要该数据"),
            hub.Department("emergency-management"), 201)).Read<DisputeStatus>();
        await hub.Host.Post($"/api/disputes/{dispute.Id}/position", new StatePosition("申请字段超出必要范围"),
            hub.Department("veterans-affairs"), 202);
        (await hub.Host.Post($"/api/disputes/{dispute.Id}/ruling", new RuleDispute(true, "准予共享身份号码"),
            hub.Department("emergency-management"), 403)).Problem();
        await hub.Host.Post($"/api/disputes/{dispute.Id}/ruling", new RuleDispute(true, "准予共享身份号码", ["residentId"]),
            hub.Keys.Coordinator, 202);

        var status = (await hub.Host.Get($"/api/share-requests/{request.Id}",
            hub.Department("emergency-management"))).Read<ShareRequestStatus>();
        Assert.Equal(ShareStates.Granted, status.State);
        Assert.Equal(["residentId"], status.Grant!.Fields);
        Assert.Contains(status.History, h => h.What == "granted" && h.Detail!.StartsWith("ruling"));
        var ruled = (await hub.Host.Get($"/api/disputes/{dispute.Id}", hub.Keys.Coordinator)).Read<DisputeStatus>();
        Assert.Equal(("ruled", true, "申请字段超出必要范围"), (ruled.State, ruled.ForConsumer, ruled.ProviderPosition));
    }

    [Fact]
    public async Task a_dispute_ruled_for_the_provider_leaves_the_request_rejected_and_it_may_be_contested_no_more()
    {
        var request = await Request("emergency-management", "veteran-record", ["residentId", "name"]);
        await hub.Host.Post($"/api/share-requests/{request.Id}/rejection", new RejectShareRequest(["用途与退役军人事务无关"]),
            hub.Department("veterans-affairs"), 202);
        var dispute = (await hub.Host.Post($"/api/share-requests/{request.Id}/disputes",
            new RaiseDispute("烈士子女优待核验需要该数据"),
            hub.Department("emergency-management"), 201)).Read<DisputeStatus>();
        await hub.Host.Post($"/api/disputes/{dispute.Id}/ruling", new RuleDispute(false, "维持不予共享的答复"),
            hub.Keys.Coordinator, 202);
        (await hub.Host.Post($"/api/disputes/{dispute.Id}/ruling", new RuleDispute(true, "改判"), hub.Keys.Coordinator,
            409)).Problem();

        var status = (await hub.Host.Get($"/api/share-requests/{request.Id}",
            hub.Department("emergency-management"))).Read<ShareRequestStatus>();
        Assert.Equal(ShareStates.Rejected, status.State);
        Assert.Contains(status.History, h => h.What == "ruled-for-provider");
        Assert.Null(status.Grant);
        (await hub.Host.Post($"/api/share-requests/{request.Id}/disputes", new RaiseDispute("再次申诉"),
            hub.Department("emergency-management"), 409)).Problem();
    }

    [Fact]
    public async Task a_consumer_with_no_grant_or_a_revoked_or_expired_one_is_refused_with_its_reason_and_recorded()
    {
        var query = new Dictionary<string, string> { ["uscc"] = ApplicationScenarios.CreditCode() };
        Assert.Contains("no grant", (await hub.Host.Post("/api/exchanges",
            new RequestExchange(Guid.NewGuid().ToString(), query), hub.Department("water"), 403)).Problem().Detail);

        var revoked = await Request("water", "enterprise-registration-record", ["uscc"]);
        await hub.Host.Post($"/api/share-requests/{revoked.Id}/grant/revocation", new RevokeGrant("用途已完成"),
            hub.Department("market-regulation"), 202);
        Assert.Contains("revoked", (await hub.Host.Post("/api/exchanges", new RequestExchange(revoked.Id, query),
            hub.Department("water"), 403)).Problem().Detail);

        var expiring = await Request("public-utilities", "enterprise-registration-record", ["uscc"],
            validUntil: Tomorrow(1));
        hub.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Contains("expired", (await hub.Host.Post("/api/exchanges", new RequestExchange(expiring.Id, query),
            hub.Department("public-utilities"), 403)).Problem().Detail);

        await using var session = hub.Store.QuerySession();
        Assert.Equal(2,
            (await session.Events.FetchStreamAsync("refusals/water")).Count(e => e.Data is ExchangeRefused));
    }

    [Fact]
    public async Task the_consumer_never_sees_fields_outside_its_grant_even_when_the_provider_returns_everything()
    {
        var grant = await Request("transport", "enterprise-registration-record", ["uscc", "enterpriseName"]);
        var uscc = ApplicationScenarios.CreditCode();
        var asking = hub.Host.Post("/api/exchanges", new RequestExchange(grant.Id, new Dictionary<string,
            string> { ["uscc"] = uscc }), hub.Department("transport"), 200);

        var query = (await hub.Inbox("market-regulation", ExchangeFor(grant),
            within: TimeSpan.FromSeconds(3))).Single(m => m.Kind == "exchange-query").Payload<ExchangeQuery>();
        var everything = JsonSerializer.SerializeToElement(new
        {
            uscc, enterpriseName = "天津示例科技有限公司", legalRepresentative = "王建国",
                legalRepresentativeId = "12010119800101001X",
            establishmentDate = "2020-01-01", registrationStatus = "存续", registeredCapital = 100,
        });
        await hub.Host.Post($"/api/exchanges/{query.ExchangeId}/reply", new ExchangeReply([everything]),
            hub.Department("market-regulation"), 200);

        var answer = (await asking).Read<ExchangeResult>();
        var record = Assert.Single(answer.Records!);
        Assert.Equal(["enterpriseName", "uscc"], record.EnumerateObject().Select(p => p.Name).Order());
        await using var session = hub.Store.QuerySession();
        var answered = (await session.Events.FetchStreamAsync(query.ExchangeId)).Select(e =>
            e.Data).OfType<ExchangeAnswered>().Single();
        Assert.Contains("legalRepresentativeId", answered.FieldsRemoved);
        Assert.DoesNotContain("王建国", JsonSerializer.Serialize(answered));   // audit keeps digests, not the data
    }

    [Fact]
    public async Task an_answer_that_breaks_the_schema_is_a_clear_error_for_the_consumer_and_a_quality_event()
    {
        var grant = await Request("fire-rescue", "enterprise-registration-record", ["uscc", "registrationStatus"]);
        var asking = hub.Host.Post("/api/exchanges", new RequestExchange(grant.Id, new Dictionary<string,
            string> { ["uscc"] = ApplicationScenarios.CreditCode() }),
            hub.Department("fire-rescue"), 422);
        var query = (await hub.Inbox("market-regulation", ExchangeFor(grant),
            within: TimeSpan.FromSeconds(3))).Single(m => m.Kind == "exchange-query").Payload<ExchangeQuery>();
        var broken = JsonSerializer.SerializeToElement(new { uscc = 12345, registrationStatus = "消失" });
        (await hub.Host.Post($"/api/exchanges/{query.ExchangeId}/reply", new ExchangeReply([broken]),
            hub.Department("market-regulation"), 400)).Problem();

        Assert.Contains("schema", (await asking).Problem().Detail);
        await using var session = hub.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(query.ExchangeId)).Select(e =>
            e.Data).OfType<ExchangeAnswerInvalid>());
    }

    [Fact]
    public async Task an_answer_to_a_query_routed_before_the_grant_was_revoked_never_reaches_the_consumer()
    {
        var grant = await Request("urban-management", "enterprise-registration-record", ["uscc"]);
        var uscc = ApplicationScenarios.CreditCode();
        var accepted = (await hub.Host.Post("/api/exchanges", new RequestExchange(grant.Id, new Dictionary<string,
            string> { ["uscc"] = uscc }),
            hub.Department("urban-management"), 202)).Read<ExchangeResult>();
        var query = (await hub.Inbox("market-regulation",
            ExchangeFor(grant))).Single(m => m.Kind == "exchange-query" && m.Payload.ToString().Contains(accepted.Id))
            .Payload<ExchangeQuery>();
        await hub.Host.Post($"/api/share-requests/{grant.Id}/grant/revocation", new RevokeGrant("用途已完成"),
            hub.Department("market-regulation"), 202);
        var record = JsonSerializer.SerializeToElement(new { uscc, enterpriseName = "天津示例", legalRepresentative = "李四",
            establishmentDate = "2021-02-03", registrationStatus = "在业" });
        await hub.Host.Post($"/api/exchanges/{query.ExchangeId}/reply", new ExchangeReply([record]),
            hub.Department("market-regulation"), 200);

        var withheld = (await hub.Host.Get(accepted.Location, hub.Department("urban-management"), 403)).Problem();
        Assert.Contains("withheld", withheld.Detail);
        await using var session = hub.Store.QuerySession();
        // the records do not stay in the hub either
        Assert.Null(await session.LoadAsync<ExchangePickup>(accepted.Id));
    }

    [Fact]
    public async Task a_late_answer_is_a_202_then_a_notice_and_the_records_are_handed_over_once()
    {
        var grant = await Request("urban-management", "enterprise-registration-record", ["uscc"]);
        var uscc = ApplicationScenarios.CreditCode();
        var accepted = (await hub.Host.Post("/api/exchanges", new RequestExchange(grant.Id, new Dictionary<string,
            string> { ["uscc"] = uscc }),
            hub.Department("urban-management"), 202)).Read<ExchangeResult>();
        var query = (await hub.Inbox("market-regulation",
            ExchangeFor(grant))).Single(m => m.Kind == "exchange-query").Payload<ExchangeQuery>();
        var record = JsonSerializer.SerializeToElement(new { uscc, enterpriseName = "天津示例", legalRepresentative = "李四",
            establishmentDate = "2021-02-03", registrationStatus = "在业" });
        await hub.Host.Post($"/api/exchanges/{query.ExchangeId}/reply", new ExchangeReply([record]),
            hub.Department("market-regulation"), 200);

        Assert.Contains(await Notices("urban-management", accepted.Id), n => n.Event == "answer-ready");
        var first = (await hub.Host.Get(accepted.Location, hub.Department("urban-management"))).Read<ExchangeResult>();
        Assert.Equal(uscc, Assert.Single(first.Records!).GetProperty("uscc").GetString());
        var second = (await hub.Host.Get(accepted.Location, hub.Department("urban-management"))).Read<ExchangeResult>();
        Assert.Null(second.Records);
        Assert.Equal(ExchangeStates.Delivered, second.State);

        // The consumer finds the data wrong; the provider contests; the coordinating office orders the correction.
        var report = (await hub.Host.Post($"/api/exchanges/{accepted.Id}/quality-reports",
            new ReportQuality("成立日期与营业执照不符", ["establishmentDate"]),
            hub.Department("urban-management"), 201)).Read<QualityReportStatus>();
        await hub.Host.Post($"/api/quality-reports/{report.Id}/answer", new AnswerQualityReport(false, "数据与登记库一致"),
            hub.Department("market-regulation"), 202);
        var dispute = (await hub.Host.Post($"/api/quality-reports/{report.Id}/disputes",
            new RaiseDispute("营业执照载明成立日期为2021-02-04"),
            hub.Department("urban-management"), 201)).Read<DisputeStatus>();
        await hub.Host.Post($"/api/disputes/{dispute.Id}/ruling", new RuleDispute(true, "请于5个工作日内更正成立日期"),
            hub.Keys.Coordinator, 202);
        var corrected = (await hub.Host.Get($"/api/quality-reports/{report.Id}",
            hub.Department("market-regulation"))).Read<QualityReportStatus>();
        Assert.Equal("correction-ordered", corrected.State);
    }

    [Fact]
    public async Task an_approval_and_a_rejection_at_the_same_moment_are_decided_one_after_the_other()
    {
        var request = await Request("civil-affairs", "medical-insurance-record", ["residentId"]);
        var key = hub.Department("medical-security");
        var answers = await Task.WhenAll(
            hub.Host.Scenario(s =>
                {
                    s.Post.Json(new ApproveShareRequest()).ToUrl($"/api/share-requests/{request.Id}/approval");
                    s.WithRequestHeader("Authorization", $"Bearer {key}");
                    s.IgnoreStatusCode();
                }),
            hub.Host.Scenario(s =>
                {
                    s.Post.Json(new RejectShareRequest(["无"])).ToUrl($"/api/share-requests/{request.Id}/rejection");
                    s.WithRequestHeader("Authorization", $"Bearer {key}");
                    s.IgnoreStatusCode();
                }));
        Assert.Equal([202, 409], answers.Select(a => a.Context.Response.StatusCode).Order());

        await using var session = hub.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(request.Id)).Select(e => e.Data).ToList();
        Assert.Equal(1, events.Count(e => e is ShareRequestGranted or ShareRequestRejected));
    }
}
