using System.Text.Json;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Audit;

[Collection(AuditTrailCollection.Name)]
public sealed class the_audit_trail(HubFixture hub)
{
    private async Task Sealed() =>
        await hub.Host.Services.GetRequiredService<AuditChain>().SealAsync(CancellationToken.None);

    /// <summary>Verification once everything committed so far is sealed (the sealer follows Marten's high water
    /// mark).</summary>
    private async Task<AuditVerification> Verification()
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        var newest = (long)
            (await new NpgsqlCommand("select max(seq_id) from hub.mt_events", connection).ExecuteScalarAsync())!;
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            await Sealed();
            if (
                await new NpgsqlCommand(
                    "select coalesce(max(seq_id), 0) from hub.audit_chain",
                    connection
                ).ExecuteScalarAsync()
                    is long done
                && done >= newest
            )
                break;
            await Task.Delay(100);
        }
        return (await hub.Host.Get("/api/audit/verification", hub.Keys.Governance)).Read<AuditVerification>();
    }

    private async Task<long> NewFact()
    {
        var code = $"unit-{Guid.NewGuid():N}"[..20];
        var correlation = Guid.NewGuid().ToString("N");
        await hub.Host.Scenario(s =>
        {
            s.Post.Json(
                    new Department(code, "审计测试单位", "天津市审计测试单位", DepartmentKinds.CityDepartment, "city")
                )
                .ToUrl("/api/departments");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.Coordinator}");
            s.WithRequestHeader(Correlation.Header, correlation);
            s.StatusCodeShouldBe(201);
        });
        var page = (
            await hub.Host.Get($"/api/audit/events?correlation={correlation}", hub.Keys.Governance)
        ).Read<AuditPage>();
        return Assert.Single(page.Events).Sequence;
    }

    private async Task Sql(string sql, long seq)
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("seq", seq);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task an_untouched_log_verifies_and_a_changed_row_is_named()
    {
        var seq = await NewFact();
        Assert.Equal("intact", (await Verification()).Status);

        await Sql(
            "update hub.mt_events set data = jsonb_set(data, '{name}', '\"改过的名字\"') where seq_id = @seq",
            seq
        );
        var changed = await Verification();
        Assert.Equal(
            ("tampered", seq, "changed"),
            (changed.Status, changed.FirstProblem!.Sequence, changed.FirstProblem.Problem)
        );

        await Sql(
            "update hub.mt_events set data = jsonb_set(data, '{name}', '\"审计测试单位\"') where seq_id = @seq",
            seq
        );
        Assert.Equal("intact", (await Verification()).Status);
    }

    [Fact]
    public async Task a_deleted_row_is_named()
    {
        var seq = await NewFact();
        await Verification();
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using (
            var delete = new NpgsqlCommand(
                "create temp table kept as select * from hub.mt_events where seq_id = @seq; delete from "
                + "hub.mt_events where seq_id = @seq",
                connection
            )
        )
        {
            delete.Parameters.AddWithValue("seq", seq);
            await delete.ExecuteNonQueryAsync();
        }
        var deleted = (await hub.Host.Get("/api/audit/verification", hub.Keys.Governance)).Read<AuditVerification>();
        Assert.Equal(
            ("tampered", seq, "deleted"),
            (deleted.Status, deleted.FirstProblem!.Sequence, deleted.FirstProblem.Problem)
        );

        await new NpgsqlCommand("insert into hub.mt_events select * from kept", connection).ExecuteNonQueryAsync();
        Assert.Equal("intact", (await Verification()).Status);
    }

    [Fact]
    public async Task a_deleted_seal_is_named_though_the_events_under_it_are_untouched()
    {
        await NewFact();
        await Verification();
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(
            """
            create temp table kept_seal as select * from hub.audit_seals where batch = (select max(batch) from
                hub.audit_seals);
            delete from hub.audit_seals where batch = (select batch from kept_seal)
            """,
            connection
        ).ExecuteNonQueryAsync();
        var deleted = (await hub.Host.Get("/api/audit/verification", hub.Keys.Governance)).Read<AuditVerification>();
        Assert.Equal(("tampered", "seal-missing"), (deleted.Status, deleted.FirstProblem!.Problem));

        await new NpgsqlCommand(
            "insert into hub.audit_seals select * from kept_seal",
            connection
        ).ExecuteNonQueryAsync();
        Assert.Equal("intact", (await Verification()).Status);
    }

    [Fact]
    public async Task a_case_is_followed_from_its_correlation_id_and_its_proof_bundle_verifies_offline()
    {
        var person = Person();
        var request = new SubmitApplication("newborn", person, await hub.FormFor("newborn"));
        var correlation = $"case-{Guid.NewGuid():N}";
        var submitted = await hub.Host.Scenario(s =>
        {
            s.Post.Json(request).ToUrl("/api/applications");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(Window)}");
            s.WithRequestHeader(Correlation.Header, correlation);
            s.StatusCodeShouldBe(201);
        });
        var id = submitted.Read<ApplicationAccepted>().ApplicationId;
        foreach (
            var (service, department) in new[]
            {
                ("birth-medical-certificate", "health"),
                ("vaccination-certificate", "health"),
                ("household-registration", "public-security"),
                ("resident-medical-insurance-enrolment", "medical-security"),
                ("social-security-card-application", "human-resources-social-security"),
            }
        )
            await hub.Outcome(
                id,
                service,
                department,
                new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("回执")])
            );
        await hub.Inbox(Window, id);
        await Verification();

        var story = (
            await hub.Host.Get($"/api/audit/events?correlation={correlation}&limit=1000", hub.Keys.Governance)
        ).Read<AuditPage>();
        Assert.Contains(story.Events, e => e.Type == "application_submitted" && e.Stream == id);
        Assert.Equal(5, story.Events.Count(e => e.Type == "service_completed"));
        Assert.Contains(
            story.Events,
            e => e.Type == "message_delivered" && e.Stream.StartsWith("delivery/government-services/")
        );
        // Every fact of the case says who and for which department, including those appended by message handlers.
        Assert.All(
            story.Events,
            e =>
                Assert.False(
                    string.IsNullOrEmpty(e.Department) || string.IsNullOrEmpty(e.Principal),
                    $"{e.Type} is not attributed"
                )
        );
        Assert.Contains(story.Events, e => e.Type == "message_delivered" && e.Department == Window);
        var submittedEvent = story.Events.First(e => e.Type == "application_submitted");
        Assert.DoesNotContain(person.IdNumber, submittedEvent.Data.GetRawText()); // masked for the officer
        Assert.Contains(person.IdNumber[..4], submittedEvent.Data.GetRawText());

        var bundle = (
            await hub.Host.Get($"/api/audit/proof?correlation={correlation}", hub.Keys.Governance)
        ).Read<ProofBundle>();
        Assert.Equal(story.Events.Count(e => e.Hash is not null), bundle.Entries.Count);
        Assert.Null(ProofCheck.Problem(bundle));
        var forged = bundle with
        {
            Entries =
            [
                bundle.Entries[0] with
                {
                    Canonical = bundle.Entries[0].Canonical.Replace("newborn", "funeral"),
                },
                .. bundle.Entries.Skip(1),
            ],
        };
        Assert.NotNull(ProofCheck.Problem(forged));
        Assert.DoesNotContain(person.IdNumber, JsonSerializer.Serialize(bundle)); // the bundle carries no personal data

        // The right to be forgotten: the case's personal data is erased and the chain still verifies.
        await hub.Host.Post("/api/audit/erasure", new EraseCase(correlation, "保存期限届满"), hub.Keys.Governance, 200);
        var erased = (
            await hub.Host.Get(
                $"/api/audit/events?correlation={correlation}&limit=1000&reveal=true",
                hub.Keys.Governance
            )
        ).Read<AuditPage>();
        Assert.DoesNotContain(person.IdNumber, JsonSerializer.Serialize(erased));
        Assert.Equal("intact", (await Verification()).Status);
    }

    [Fact]
    public async Task pages_follow_the_cursor_and_the_export_streams_the_same_events_and_is_recorded()
    {
        await NewFact();
        var first = (
            await hub.Host.Get("/api/audit/events?type=department_registered&limit=2", hub.Keys.Governance)
        ).Read<AuditPage>();
        var second = (
            await hub.Host.Get(
                $"/api/audit/events?type=department_registered&limit=2&after={first.Next}",
                hub.Keys.Governance
            )
        ).Read<AuditPage>();
        Assert.True(second.Events[0].Sequence > first.Events[^1].Sequence);
        (await hub.Host.Get("/api/audit/events?after=not-a-cursor", hub.Keys.Governance, 400)).Problem();
        await hub.Host.Get("/api/audit/events", hub.Keys.DataCentre, 403);

        var all = (
            await hub.Host.Get("/api/audit/events?type=department_registered&limit=1000", hub.Keys.Governance)
        ).Read<AuditPage>();
        var export = (
            await hub.Host.Get("/api/audit/export?type=department_registered", hub.Keys.Governance)
        ).ReadAsText();
        var lines = export
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<AuditEvent>(l, HubJson.Options)!)
            .ToList();
        Assert.Equal(all.Events.Select(e => e.Sequence), lines.Select(e => e.Sequence));
        var exports = (
            await hub.Host.Get("/api/audit/events?type=audit_exported&limit=1000", hub.Keys.Governance)
        ).Read<AuditPage>();
        Assert.Contains(
            exports.Events,
            e =>
                e.Data.GetProperty("query").GetString() == "?type=department_registered"
                && e.Data.GetProperty("events").GetInt64() == lines.Count
        );
    }

    [Fact]
    public async Task revealing_personal_data_is_itself_a_fact()
    {
        var person = Person(ResidentId("12010219770707007"));
        await hub.Apply("newborn", person, ["birth-medical-certificate"]);
        var query = $"?type=application_submitted&limit=1000&reveal=true&correlation={Guid.NewGuid():N}";
        (await hub.Host.Get("/api/audit/events" + query, hub.Keys.Governance)).Read<AuditPage>();
        var revealed = (
            await hub.Host.Get(
                "/api/audit/events?type=application_submitted&limit=1000&reveal=true",
                hub.Keys.Governance
            )
        ).Read<AuditPage>();
        Assert.Contains(revealed.Events, e => e.Data.GetRawText().Contains(person.IdNumber));
        // This very reveal is on record, with what was asked.
        var reveals = (
            await hub.Host.Get("/api/audit/events?type=audit_revealed&limit=1000", hub.Keys.Governance)
        ).Read<AuditPage>();
        Assert.Contains(reveals.Events, e => e.Data.GetProperty("query").GetString() == "/api/audit/events" + query);
    }
}
