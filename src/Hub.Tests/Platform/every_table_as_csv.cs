using System.Globalization;
using System.Text;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Marten.Events;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Platform;

/// <summary>
/// <c>Accept: text/csv</c>: every table the API answers, as CSV that Excel opens in Chinese (UTF-8 with a BOM),
/// quoted as RFC 4180 says, with what the JSON masks masked, and the same values as the JSON.
/// </summary>
public sealed class every_table_as_csv(HubFixture hub)
{
    /// <summary>A GET with Accept: text/csv; the answer and its bytes as they came (the test host's body is read
    /// once).</summary>
    private async Task<Answer> Csv(string url, string key, int status = 200)
    {
        var result = await hub.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.WithRequestHeader("Accept", "text/csv");
            s.StatusCodeShouldBe(status);
        });
        using var copy = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(copy);
        return new Answer(result.Context.Response, copy.ToArray());
    }

    private sealed record Answer(HttpResponse Response, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public ValidationProblemDetails Problem()
        {
            Assert.Equal("application/problem+json", Response.ContentType?.Split(';')[0]);
            return JsonSerializer.Deserialize<ValidationProblemDetails>(Body, HubJson.Options)!;
        }
    }

    private static byte[] Bytes(Answer answer) => answer.Body;

    /// <summary>The rows of a CSV answer, each by its header, after checking the BOM and media type.</summary>
    private static List<Dictionary<string, string>> Rows(Answer result)
    {
        Assert.Equal("text/csv; charset=utf-8; header=present", result.Response.ContentType);
        var bytes = Bytes(result);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var records = Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        return [.. records.Skip(1).Select(r => records[0].Zip(r).ToDictionary(c => c.First, c => c.Second))];
    }

    /// <summary>RFC 4180, read strictly: a quoted field may hold commas, doubled quotes and line breaks; records end
    /// in CRLF.</summary>
    internal static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                for (i++; !(text[i] == '"' && (i + 1 == text.Length || text[i + 1] != '"')); i++)
                {
                    field.Append(text[i]);
                    if (text[i] == '"') i++;
                }
                continue;
            }
            if (text[i] == ',') (record, field) = (Add(record, field), new StringBuilder());
            else if (text[i] == '\r' && text[i + 1] == '\n')
            {
                records.Add(Add(record, field));
                (record, field) = ([], new StringBuilder());
                i++;
            }
            else field.Append(text[i]);
        }
        Assert.True(record.Count == 0 && field.Length == 0, "The last record ends in CRLF");
        return records;
    }

    private static List<string> Add(List<string> record, StringBuilder field)
    {
        record.Add(field.ToString());
        return record;
    }

    [Fact]
    public async Task a_department_name_with_commas_quotes_and_a_line_break_comes_back_as_it_was()
    {
        var code = $"district-csv-{Guid.NewGuid():N}"[..24];
        const string name = "测试区\"一网通办\",政务服务办";
        var unit = new Department(code, name, "天津市测试区人民政府政务服务办公室, 第一窗口", DepartmentKinds.DistrictOffice,
            "district", "=测试区");
        await hub.Host.Post("/api/departments", unit, hub.Keys.Coordinator, 201);

        var result = await Csv("/api/departments", hub.Keys.DataCentre);
        var text = Encoding.UTF8.GetString(Bytes(result));
        Assert.Contains("\"测试区\"\"一网通办\"\",政务服务办\"", text);
        var row = Rows(result).Single(r => r["code"] == code);
        Assert.Equal(name, row["name"]);
        Assert.Equal(unit.FullName, row["fullName"]);
        // A text that Excel would run as a formula stays text.
        Assert.Equal("'=测试区", row["district"]);
        Assert.Equal("attachment; filename=\"departments.csv\"", result.Response.Headers.ContentDisposition);
    }

    [Fact]
    public async Task the_figures_of_a_window_are_the_same_in_csv_and_in_json_with_nested_members_as_columns()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        await hub.Outcome(id, "birth-medical-certificate", "health",
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("出生医学证明")]));
        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        foreach (var url in new[] { "/api/metrics/departments?window=today", "/api/metrics/departments" })
        {
            var json = (await hub.Host.Get(url, hub.Keys.DataCentre)).Read<DepartmentMetricsList>();
            var result = await Csv(url, hub.Keys.DataCentre);
            var rows = Rows(result);
            Assert.Equal(json.Departments.Select(d => d.Department), rows.Select(r => r["department"]));
            foreach (var (d, r) in json.Departments.Zip(rows))
            {
                Assert.Equal(d.Name, r["name"]);
                Assert.Equal(d.ServicesCompleted.ToString(), r["servicesCompleted"]);
                Assert.Equal(d.ProcessingHours.P95,
                    double.Parse(r["processingHours.p95"], CultureInfo.InvariantCulture));
                Assert.Equal(d.TimelinessRate?.ToString(CultureInfo.InvariantCulture) ?? "", r["timelinessRate"]);
            }
        }
        var named = Rows(await Csv("/api/metrics/one-things?table=days", hub.Keys.Coordinator));
        Assert.Contains("date", named[0].Keys);
        var ratings = Rows(await Csv("/api/metrics/one-things?window=7d", hub.Keys.Coordinator));
        Assert.Matches(@"^\d+; \d+; \d+; \d+; \d+$", ratings.Single(r => r["oneThing"] == "newborn")["ratings"]);
    }

    [Fact]
    public async Task personal_data_is_masked_in_csv_as_in_json()
    {
        var person = Person(ResidentId("12010119850101077"));
        var id = (await hub.Apply("newborn", person, ["birth-medical-certificate"])).ApplicationId;
        var url = $"/api/audit/events?stream={id}";
        var submitted = (await hub.Host.Get(url, hub.Keys.Governance)).Read<AuditPage>().Events
            .First(e => e.Type == "application_submitted").Data.GetProperty("applicant");
        var result = await Csv(url, hub.Keys.Governance);
        var text = Encoding.UTF8.GetString(Bytes(result));

        var masked = submitted.GetProperty("idNumber").GetString()!;
        Assert.NotEqual(person.IdNumber, masked);
        Assert.StartsWith(person.IdNumber[..4], masked);
        Assert.DoesNotContain(person.IdNumber, text);
        var row = Rows(result).First(r => r["type"] == "application_submitted");
        Assert.Equal(masked, row["data.applicant.idNumber"]);
        Assert.Equal(submitted.GetProperty("name").GetString(), row["data.applicant.name"]);
    }

    [Fact]
    public async Task an_answer_without_a_table_is_a_406_and_a_bad_request_stays_a_problem()
    {
        (await Csv("/api/audit/verification", hub.Keys.Governance, 406)).Problem();
        (await Csv("/api/audit/export?limit=1", hub.Keys.Governance, 406)).Problem();
        var window = (await Csv("/api/metrics/departments?window=week", hub.Keys.DataCentre, 400)).Problem();
        Assert.Contains("window", window.Errors.Keys);
        var table = (await Csv("/api/metrics/one-things?table=nothing", hub.Keys.DataCentre, 400)).Problem();
        Assert.Contains("table", table.Errors.Keys);
        await Csv("/api/metrics/departments", hub.Keys.Governance, 403);
        // JSON stays the default, and is still chosen when preferred.
        var plain = await hub.Host.Scenario(s =>
        {
            s.Get.Url("/api/metrics/departments");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.DataCentre}");
            s.WithRequestHeader("Accept", "application/json, text/csv;q=0.5");
        });
        Assert.StartsWith("application/json", plain.Context.Response.ContentType);
    }

    [Fact]
    public void the_writer_quotes_only_what_needs_it()
    {
        using var table = JsonDocument.Parse("""
            [{"a": "plain", "b": 1.5, "c": null, "d": true, "e": {"f": " padded"}, "g": ["x", "y"], "h": "+1"},
             {"a": "line\nbreak", "b": -2, "i": "new column"}]
            """);
        Assert.Equal(
            "a,b,c,d,e.f,g,h,i\r\nplain,1.5,,true,\" padded\",x; y,'+1,\r\n\"line\nbreak\",-2,,,,,,new column\r\n",
            CsvTable.Write(table.RootElement));
    }
}
