using System.Text;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Features.Materials;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Licences;
using OneThing.Hub.Tests.Materials;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Audit;

/// <summary>The right to be forgotten (PIPL art. 47), proven on the database itself: after a case is erased, no
/// text, json or byte column of any schema the hub writes holds the person's ID number, name, phone or what they
/// wrote in a rating.</summary>
public sealed class erasing_a_person(HubFixture hub)
{
    private const string Hanzi = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬梅兰竹菊松柏";

    /// <summary>A person no other test uses: a resident ID of a random birth day and sequence, a name of three
    /// random characters, a random mobile number.</summary>
    private static Applicant UniquePerson()
    {
        var random = Random.Shared;
        var first17 = $"120101{random.Next(1950, 2020)}{random.Next(1, 13):00}{random.Next(1, 29):00}"
            + $"{random.Next(0, 1000):000}";
        var name = "欧阳" + string.Concat(Enumerable.Range(0, 3).Select(_ => Hanzi[random.Next(Hanzi.Length)]));
        var phone = $"139{random.Next(0, 100_000_000):00000000}";
        return new Applicant(ApplicantKinds.Person, ResidentId(first17), name, phone);
    }

    /// <summary>Every text, varchar, json, jsonb and bytea column of the hub's schemas (Marten's and Wolverine's
    /// tables alike) that holds <paramref name="value"/>: "schema.table.column" once per column.</summary>
    private async Task<List<string>> Holding(string value)
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand("""
            select c.table_schema, c.table_name, c.column_name, c.data_type from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where t.table_type = 'BASE TABLE'
              and c.table_schema not in ('pg_catalog', 'information_schema', 'pg_toast')
              and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
            """, connection))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync()) columns.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        var found = new List<string>();
        foreach (var (schema, table, column, type) in columns)
        {
            var name = $"\"{schema}\".\"{table}\".\"{column}\"";
            // Bytes are searched as bytes (envelope bodies, material contents); json as its text, so that an escaped
            // form (\uXXXX) would not hide a value: System.Text.Json writes CJK as escapes unless told otherwise.
            var where = type == "bytea"
                ? $"position(@bytes in \"{column}\") > 0 or position(@escaped in \"{column}\") > 0"
                : $"\"{column}\"::text like '%' || @text || '%' or \"{column}\"::text like '%' || @escapedText || '%'";
            await using var scan = new NpgsqlCommand(
                $"select exists (select 1 from \"{schema}\".\"{table}\" where {where})", connection);
            scan.Parameters.AddWithValue("bytes", Encoding.UTF8.GetBytes(value));
            scan.Parameters.AddWithValue("escaped", Encoding.UTF8.GetBytes(Escaped(value)));
            scan.Parameters.AddWithValue("text", value);
            scan.Parameters.AddWithValue("escapedText", Escaped(value));
            if ((bool)(await scan.ExecuteScalarAsync())!) found.Add(name);
        }
        return found;
    }

    private async Task<AuditVerification> Verification()
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        var newest = (long)(await new NpgsqlCommand("select max(seq_id) from hub.mt_events", connection)
            .ExecuteScalarAsync())!;
        var chain = hub.Host.Services.GetRequiredService<AuditChain>();
        for (var until = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < until; await Task.Delay(100))
        {
            await chain.SealAsync(CancellationToken.None);
            if (await new NpgsqlCommand("select coalesce(max(seq_id), 0) from hub.audit_chain", connection)
                .ExecuteScalarAsync() is long done && done >= newest) break;
        }
        return (await hub.Host.Get("/api/audit/verification", hub.Keys.Governance)).Read<AuditVerification>();
    }

    private static string Escaped(string value) =>
        string.Concat(value.Select(c => c < 128 ? c.ToString() : $"\\u{(int)c:X4}"));

    [Fact]
    public async Task no_column_of_any_store_holds_the_erased_persons_id_number_name_phone_or_own_words()
    {
        var person = UniquePerson();
        var thing = (await hub.Host.Get("/api/one-things/newborn", hub.Department(Window))).Read<OneThingDetail>();
        var materialCode = thing.OneThing.Services.SelectMany(s => s.Guide?.Materials ?? []).First().Code;
        var material = await hub.Uploaded(MaterialFiles.Pdf($"{person.IdNumber} {person.Phone}"),
            MaterialMediaTypes.Pdf);
        var correlation = $"case-{Guid.NewGuid():N}";
        var request = new SubmitApplication("newborn", person, await hub.FormFor("newborn"),
            Materials: new Dictionary<string, string> { [materialCode] = material.MaterialId });
        var submitted = await hub.Host.Scenario(s =>
        {
            s.Post.Json(request).ToUrl("/api/applications");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(Window)}");
            s.WithRequestHeader(Correlation.Header, correlation);
            s.StatusCodeShouldBe(201);
        });
        var id = submitted.Read<ApplicationAccepted>().ApplicationId;
        await hub.Inbox("health", id);
        await hub.Outcome(id, "birth-medical-certificate", "health",
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("回执")]));
        await hub.Push(LicenceScenarios.IdCard(person));
        await hub.Inbox(Window, id);
        // A bad rating in the person's own words, quoted: it stands in the rating, the rectification health is
        // sent, and their views.
        var words = $"{Random.Shared.Next(10_000_000, 99_999_999)}";
        await hub.Host.Post($"/api/applications/{id}/services/birth-medical-certificate/rating",
            new RateService("不满意", $"我说\"再等{words}天\"，太慢"), hub.Department(Window), 201);
        Assert.NotEmpty(await Holding(person.IdNumber)); // the scan finds what is there
        Assert.NotEmpty(await Holding(words));

        await hub.Host.Post("/api/audit/erasure", new EraseCase(correlation, "保存期限届满"), hub.Keys.Governance, 200);

        var left = new Dictionary<string, List<string>>
        {
            ["id number"] = await Holding(person.IdNumber),
            ["name"] = await Holding(person.Name),
            ["phone"] = await Holding(person.Phone!),
            ["own words"] = await Holding(words),
        };
        Assert.True(left.Values.All(l => l.Count == 0), string.Join("; ",
            left.Where(l => l.Value.Count > 0).Select(l => $"{l.Key}: {string.Join(", ", l.Value)}")));
        Assert.NotEmpty(await Holding("p:" + hub.Host.Services.GetRequiredService<SecretBox>().Blind(person.IdNumber)));

        // The application is still there for its front office, blinded; the material is gone; the chain holds.
        var status = await hub.Status(id);
        Assert.StartsWith("p:", status.Applicant.IdNumber);
        await hub.Host.Get($"/api/materials/{material.MaterialId}", hub.Department(Window), 404);
        Assert.Equal("intact", (await Verification()).Status);
    }
}
