using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Licences;
using Wolverine.Tracking;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Applications;

public sealed class joint_processing(HubFixture hub)
{
    private static ServiceOutcome Completed(string name, string? licenceType = null) =>
        new(Outcomes.Completed,
            Results: [new ServiceResultDocument(name, $"NO-{Guid.NewGuid():N}"[..12], licenceType)]);

    [Fact]
    public async Task a_newborn_is_registered_in_order_and_the_results_reach_the_front_office_once()
    {
        var accepted = await hub.Apply("newborn", Person());
        var id = accepted.ApplicationId;
        Assert.Equal(5, accepted.Services.Count);

        // Only the birth certificate can start: everything else waits for it.
        var status = await hub.Status(id);
        Assert.Equal(ServiceStates.Dispatched,
            status.Services.Single(s => s.Code == "birth-medical-certificate").State);
        Assert.All(status.Services.Where(s => s.Code != "birth-medical-certificate"),
            s => Assert.Equal(ServiceStates.Waiting, s.State));
        var birthWork = (await hub.Inbox("health", id)).Single().Payload<WorkItem>();
        Assert.Equal("birth-medical-certificate", birthWork.Service);
        Assert.Equal(accepted.ApplicationId, birthWork.ApplicationId);

        await hub.Outcome(id, "birth-medical-certificate", "health", new ServiceOutcome(Outcomes.Accepted));
        // The health commission signs and pushes the birth certificate, then names it among the results.
        var certificate = await hub.Push(new LicenceDocument("birth-medical-certificate",
            $"Q12{Random.Shared.Next(10000000, 99999999)}",
            new LicenceHolder("张小宝", "birth-certificate-number", $"Q12{Random.Shared.Next(10000000, 99999999)}"),
            "health", "天津市妇产科医院", "2026-11-20", new Dictionary<string, string>()));
        await hub.Outcome(id, "birth-medical-certificate", "health", new ServiceOutcome(Outcomes.Completed,
            Results: [new ServiceResultDocument("出生医学证明", "Q1", "birth-medical-certificate", certificate.LicenceId)]));

        // Household registration receives the birth certificate as a material: one set of materials.
        var household = (await hub.Inbox("public-security", id)).Single().Payload<WorkItem>();
        Assert.Equal("household-registration", household.Service);
        Assert.Contains(household.Materials,
            m => m.Document?.LicenceId == certificate.LicenceId && m.Source == "service:birth-medical-certificate");
        var vaccination = (await hub.Inbox("health", id)).Single().Payload<WorkItem>();
        Assert.Equal("vaccination-certificate", vaccination.Service);

        await hub.Outcome(id, "vaccination-certificate", "health", Completed("预防接种证"));
        await hub.Outcome(id, "household-registration", "public-security",
            Completed("居民户口簿", "household-register-booklet"));
        var insurance = (await hub.Inbox("medical-security", id)).Single().Payload<WorkItem>();
        Assert.Contains(insurance.Materials, m => m.Source == "service:household-registration");
        await hub.Outcome(id, "resident-medical-insurance-enrolment", "medical-security", Completed("参保登记回执"));
        var card = (await hub.Inbox("human-resources-social-security", id)).Single().Payload<WorkItem>();
        Assert.Equal("social-security-card-application", card.Service);
        await hub.Outcome(id, "social-security-card-application", "human-resources-social-security",
            Completed("社会保障卡", "social-security-card"));

        status = await hub.Status(id);
        Assert.Equal("completed", status.State);
        Assert.All(status.Services, s => Assert.Equal(ServiceStates.Completed, s.State));
        Assert.NotNull(status.ResultsDeliveredAt);

        var results = await hub.Inbox(Window, id, atLeast: 1);
        await Task.Delay(300);
        results.AddRange(await hub.Inbox(Window, id, atLeast: 0, within: TimeSpan.Zero));
        var delivered = Assert.Single(results);
        Assert.Equal(MessageKinds.ApplicationResults, delivered.Kind);
        Assert.Equal(5, delivered.Payload<ApplicationResults>().Services.Count);
    }

    [Fact]
    public async Task an_enterprise_is_opened_with_the_establishment_registration_first()
    {
        var accepted = await hub.Apply("enterprise-opening", Company());
        var id = accepted.ApplicationId;
        var status = await hub.Status(id);
        Assert.Equal(ServiceStates.Dispatched,
            status.Services.Single(s => s.Code == "enterprise-establishment-registration").State);
        Assert.Equal(4, status.Services.Count(s => s.State == ServiceStates.Waiting));

        await hub.Outcome(id, "enterprise-establishment-registration", "market-regulation",
            Completed("营业执照", "business-licence"));
        status = await hub.Status(id);
        Assert.Equal(4, status.Services.Count(s => s.State == ServiceStates.Dispatched));
        foreach (var s in status.Services.Where(s => s.State == ServiceStates.Dispatched))
        {
            var work = (await hub.Inbox(s.Department, id)).Single(m => m.Payload<WorkItem>().Service == s.Code)
                .Payload<WorkItem>();
            Assert.Contains(work.Materials, m => m.Document?.LicenceType == "business-licence");
            await hub.Outcome(id, s.Code, s.Department, Completed($"{s.Name}回执"));
        }
        Assert.Equal("completed", (await hub.Status(id)).State);
        Assert.Single(await hub.Inbox(Window, id));
    }

    [Fact]
    public async Task a_partial_selection_dispatches_what_has_no_chosen_prerequisite()
    {
        var accepted = await hub.Apply("newborn", Person(),
            ["household-registration", "resident-medical-insurance-enrolment"]);
        var status = await hub.Status(accepted.ApplicationId);
        Assert.Equal(2, status.Services.Count);
        Assert.Equal(ServiceStates.Dispatched, status.Services.Single(s => s.Code == "household-registration").State);
        Assert.Equal(["household-registration"],
            status.Services.Single(s => s.Code == "resident-medical-insurance-enrolment").WaitingFor);
    }

    [Fact]
    public async Task a_supplement_pauses_the_clock_and_resumes_it_with_the_days_left()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        var firstDue = (await hub.Status(id)).Services.Single().DueAt!.Value;
        await hub.Outcome(id, "birth-medical-certificate", "health",
            new ServiceOutcome(Outcomes.SupplementRequired, Missing: ["母亲居民身份证复印件"]));
        var paused = (await hub.Status(id)).Services.Single();
        Assert.Equal(ServiceStates.Supplement, paused.State);
        var left = paused.WorkingDaysLeft!.Value;

        hub.Clock.Advance(TimeSpan.FromDays(14));   // the applicant takes two weeks: the service's clock does not run
        Assert.Equal(left, (await hub.Status(id)).Services.Single().WorkingDaysLeft);
        await hub.Host.Post($"/api/applications/{id}/supplements",
            new ProvideSupplement("birth-medical-certificate", ["母亲居民身份证复印件"]), hub.Department(Window), 202);

        var resumed = (await hub.Status(id)).Services.Single();
        Assert.Equal(ServiceStates.Accepted, resumed.State);
        Assert.Equal(left, resumed.WorkingDaysLeft!.Value, 0.01);   // exactly the working time it had, no more

        // The deadline scheduled before the pause comes (two weeks have passed): it was moved, so nothing is overdue.
        await hub.Host.InvokeMessageAndWaitAsync(new ServiceDeadlineReached(id, "birth-medical-certificate", firstDue));
        Assert.False((await hub.Status(id)).Services.Single().Overdue);
        Assert.Contains(await hub.Inbox("health", id, atLeast: 2), m => m.Kind == MessageKinds.SupplementProvided);
    }

    [Fact]
    public async Task a_rejection_withdraws_what_depended_on_it_and_finishes_the_application()
    {
        var id = (await hub.Apply("newborn", Person())).ApplicationId;
        var problem = (await hub.Host.Post($"/api/applications/{id}/services/birth-medical-certificate/outcome",
            new ServiceOutcome(Outcomes.Rejected), hub.Department("health"), 400)).Problem();
        Assert.True(problem.Errors.ContainsKey("reasons"));

        await hub.Outcome(id, "birth-medical-certificate", "health",
            new ServiceOutcome(Outcomes.Rejected, Reasons: ["出生信息与医院记录不符"]));
        var status = await hub.Status(id);
        Assert.Equal("rejected", status.State);
        Assert.Equal(["出生信息与医院记录不符"], status.Services.Single(s => s.Code == "birth-medical-certificate").Reasons);
        Assert.Equal(4, status.Services.Count(s => s.State == ServiceStates.Withdrawn));
        await hub.Outcome(id, "birth-medical-certificate", "health", Completed("出生医学证明"), 409);
    }

    [Fact]
    public async Task a_service_past_its_time_limit_is_overdue()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        var service = (await hub.Status(id)).Services.Single();

        hub.Clock.Advance(TimeSpan.FromDays(20));
        // What the durable scheduler delivers at the due time (the test moved the hub's clock, not the scheduler's).
        await hub.Host.InvokeMessageAndWaitAsync(new ServiceDeadlineReached(id, service.Code, service.DueAt!.Value));

        var overdue = (await hub.Status(id)).Services.Single();
        Assert.True(overdue.Overdue);
        Assert.True(overdue.WorkingDaysLeft < 0);
        await using var session = hub.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        var overdueEvent = Assert.Single(events, e => e.Data is ServiceOverdue);
        // Caused by a message, still attributed (here to the hub: the test, not a request, sent it) and in the same
        // case.
        Assert.Equal("system",
            overdueEvent.Headers![OneThing.Hub.Infrastructure.EventMetadata.DepartmentHeader].ToString());
        Assert.Equal(events[0].CorrelationId, overdueEvent.CorrelationId);

        // 监管: escalated to the lead unit (health leads 新生儿出生) and the coordinating office, on their channels.
        Assert.True(overdue.Escalated);
        var escalated = Assert.Single(events, e => e.Data is ServiceEscalated).Data as ServiceEscalated;
        Assert.Equal(["health", Window], escalated!.EscalatedTo);
        foreach (var unit in new[] { "health", Window })
        {
            var notice = (await hub.Inbox(unit, id)).Single(m => m.Kind == MessageKinds.ServiceEscalated)
                .Payload<EscalationNotice>();
            Assert.Equal(service.Code, notice.Service);
            Assert.Equal(["health"], notice.HeldBy);
        }
    }

    [Fact]
    public async Task the_deadline_is_scheduled_durably_when_a_service_is_dispatched()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        await using var connection = new Npgsql.NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            """
            select count(*) from hub.wolverine_incoming_envelopes
            where status = 'Scheduled' and message_type like '%ServiceDeadlineReached%'
              and position(convert_to(@id, 'UTF8') in body) > 0
            """, connection);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task departments_answering_the_same_application_at_once_are_serialised_not_refused()
    {
        // docs/DEPARTMENT-SYSTEMS.md promises no 409 for this: the application's stream is locked for each write.
        var id = (await hub.Apply("enterprise-opening", Company())).ApplicationId;
        await hub.Outcome(id, "enterprise-establishment-registration", "market-regulation", Completed("营业执照"));
        var parallel = (await hub.Status(id)).Services.Where(s => s.State == ServiceStates.Dispatched).ToList();
        Assert.Equal(4, parallel.Count);

        var answers = await Task.WhenAll(parallel.Select(s => hub.Host.Scenario(x =>
        {
            x.Post.Json(Completed($"{s.Name}回执")).ToUrl($"/api/applications/{id}/services/{s.Code}/outcome");
            x.WithRequestHeader("Authorization", $"Bearer {hub.Department(s.Department)}");
            x.IgnoreStatusCode();
        })));
        Assert.All(answers, a => Assert.Equal(202, a.Context.Response.StatusCode));
        var status = await hub.Status(id);
        Assert.Equal("completed", status.State);
        await using var session = hub.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<ApplicationFinished>());
    }

    [Fact]
    public async Task an_unacknowledged_inbox_message_comes_back_after_its_lease()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        var key = hub.Department("health");
        InboxPage page;
        var until = DateTime.UtcNow.AddSeconds(10);
        do page = (await hub.Host.Get("/api/inbox", key)).Read<InboxPage>();
        while (!page.Messages.Any(m => m.Payload.GetRawText().Contains(id)) && DateTime.UtcNow < until);
        var message = Assert.Single(page.Messages, m => m.Payload.GetRawText().Contains(id));

        // Pulled but not acknowledged: hidden for the lease, then offered again.
        Assert.DoesNotContain((await hub.Host.Get("/api/inbox", key)).Read<InboxPage>().Messages,
            m => m.MessageId == message.MessageId);
        hub.Clock.Advance(TimeSpan.FromSeconds(page.VisibleForSeconds + 1));
        Assert.Contains((await hub.Host.Get("/api/inbox", key)).Read<InboxPage>().Messages,
            m => m.MessageId == message.MessageId);
        await hub.Host.Scenario(x =>
        {
            x.Post.Url($"/api/inbox/{message.MessageId}/ack");
            x.WithRequestHeader("Authorization", $"Bearer {key}");
            x.StatusCodeShouldBe(204);
        });
        hub.Clock.Advance(TimeSpan.FromSeconds(page.VisibleForSeconds + 1));
        Assert.DoesNotContain((await hub.Host.Get("/api/inbox", key)).Read<InboxPage>().Messages,
            m => m.MessageId == message.MessageId);
    }
}
