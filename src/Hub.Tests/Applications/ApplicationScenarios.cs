using System.Text.Json;
using Alba;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Applications;

/// <summary>A front office and the departments, played by the test through the public API and their inboxes.</summary>
public static class ApplicationScenarios
{
    public const string Window = "government-services";

    /// <summary>A resident ID number with a correct GB 11643 check digit.</summary>
    public static string ResidentId(string first17 = "12010120230101001") =>
        first17 + IdentityNumbers.ResidentIdCheck(first17);

    /// <summary>A unified social credit code with a correct GB 32100 check character.</summary>
    public static string CreditCode(string first17 = "91120101MA05L1234") =>
        first17 + IdentityNumbers.CreditCodeCheck(first17);

    public static Applicant Person(string? id = null) =>
        new(ApplicantKinds.Person, id ?? ResidentId(), "张小明", "13812345678");

    public static Applicant Company() =>
        new(ApplicantKinds.Enterprise, CreditCode(), "天津市示例科技有限公司", "13912345678");

    /// <summary>A filled one form: every field the chosen services' guides ask for, with a plausible value.</summary>
    public static async Task<Dictionary<string, string>> FormFor(
        this HubFixture hub,
        string oneThing,
        IReadOnlyList<string>? services = null) =>
        Form((await hub.Host.Get($"/api/one-things/{oneThing}", hub.Department(Window))).Read<OneThingDetail>()
            .OneThing, services);

    public static Dictionary<string, string> Form(OneThingDefinition thing, IReadOnlyList<string>? services = null)
    {
        var alternatives = (thing.Alternatives ?? []).SelectMany(g => g.Skip(1)).ToHashSet();
        var fields = thing.Services.Where(s => services?.Contains(s.Code) ?? !alternatives.Contains(s.Code))
            .SelectMany(s => s.Guide?.FormFields ?? []).GroupBy(f => f.Code).Select(g => g.First());
        var skip = new HashSet<string>
        {
            "applicant-name", "applicant-resident-id", "applicant-phone", "enterprise-name", "enterprise-uscc",
            "contact-phone",
        };
        return fields.Where(f => !skip.Contains(f.Code)).ToDictionary(f => f.Code, f => f.Type switch
        {
            "date" => "2023-01-01",
            "resident-id" => ResidentId("12010119900101002"),
            "uscc" => CreditCode(),
            "phone" => "13700001111",
            "integer" => "1",
            "money" => "100",
            "bool" => "true",
            "choice" => f.Options![0],
            "address" => "天津市和平区南京路100号",
            _ => "示例",
        });
    }

    public static async Task<ApplicationAccepted> Apply(this HubFixture hub, string oneThing, Applicant applicant,
        IReadOnlyList<string>? services = null, ResultDelivery? delivery = null)
    {
        var request = new SubmitApplication(oneThing, applicant, await hub.FormFor(oneThing, services), services,
            Delivery: delivery);
        return (await hub.Host.Post("/api/applications", request, hub.Department(Window), 201))
            .Read<ApplicationAccepted>();
    }

    public static async Task<ApplicationStatus> Status(this HubFixture hub, string id, string? key = null) =>
        (await hub.Host.Get($"/api/applications/{id}", key ?? hub.Department(Window))).Read<ApplicationStatus>();

    public static Task Outcome(
        this HubFixture hub,
        string id,
        string service,
        string department,
        ServiceOutcome outcome,
        int status = 202) =>
        hub.Host.Post($"/api/applications/{id}/services/{service}/outcome", outcome, hub.Department(department),
            status);

    /// <summary>Waits for the department's durable queue to put messages in its inbox, then takes and acks
    /// them.</summary>
    public static async Task<List<DepartmentMessage>> Inbox(
        this HubFixture hub,
        string department,
        string? applicationId = null,
        int atLeast = 1,
        TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        var taken = new List<DepartmentMessage>();
        while (true)
        {
            var page = (await hub.Host.Get("/api/inbox", hub.Department(department))).Read<InboxPage>();
            foreach (var m in page.Messages)
            {
                await hub.Host.Scenario(s =>
                {
                    s.Post.Url($"/api/inbox/{m.MessageId}/ack");
                    s.WithRequestHeader("Authorization", $"Bearer {hub.Department(department)}");
                    s.StatusCodeShouldBe(204);
                });
                taken.Add(m);
            }
            var mine = taken.Where(m => applicationId is null || m.Payload.GetRawText().Contains(applicationId))
                .ToList();
            if (mine.Count >= atLeast || DateTime.UtcNow > until) return mine;
            await Task.Delay(50);
        }
    }

    public static T Payload<T>(this DepartmentMessage message) => message.Payload.Deserialize<T>(HubJson.Options)!;
}
