using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Licences;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Audit;

/// <summary>What a governance officer sees of personal data follows what the catalog, the licence types and the
/// resources declare, not key names; the sensitive categories of PIPL art. 28 stay hidden unless a reveal gives a
/// reason, which is recorded.</summary>
public sealed class masking_from_declarations(HubFixture hub)
{
    private static readonly IReadOnlyDictionary<string, Declared> Declared = PersonalDeclarations.From(
        [
            new FormField("spouse-id", "配偶身份证号", "resident-id", true),
            new FormField("social-security-number", "社会保障号码", "resident-id", true),
            new FormField("home", "住址", "address", true),
            new FormField("bank-account-number", "银行账号", "text", true, Sensitive: "financial-account"),
            new FormField("disability-category", "残疾类别", "choice", true, ["视力残疾"], Sensitive: "health"),
            new FormField("newborn-sex", "性别", "choice", true, ["男"]),
        ],
        [new LicenceTypeField("death-cause", "根本死亡原因", "text", true, "health")],
        [new ResourceField("spouseResidentId", "配偶身份证件号码", "string", true), new ResourceField("name", "姓名",
            "string", true)]);

    private const string Event = """
        {"form": {"spouse-id": "120101199001010011", "social-security-number": "120101198801010022",
          "home": "天津市和平区南京路100号", "bank-account-number": "6222020302001234567",
          "disability-category": "视力残疾", "newborn-sex": "男"},
         "values": [{"code": "spouse-id", "value": "120101199001010011"}],
         "fields": {"death-cause": "肺癌"}, "record": {"spouseResidentId": "120101199001010011"},
         "department": {"name": "市民政局"}}
        """;

    private static string At(JsonElement e, params string[] path) =>
        path.Aggregate(e, (x, p) => int.TryParse(p, out var i) ? x[i] : x.GetProperty(p)).GetString()!;

    [Fact]
    public void declared_personal_fields_are_masked_whatever_their_key_and_sensitive_ones_hidden_until_a_reason()
    {
        var masked = AuditMasking.Mask(Event, Declared);
        Assert.Equal("1201**********0011", At(masked, "form", "spouse-id"));
        Assert.Equal("1201**********0022", At(masked, "form", "social-security-number"));
        Assert.Equal("1201**********0011", At(masked, "values", "0", "value"));
        Assert.Equal("1201**********0011", At(masked, "record", "spouseResidentId"));
        Assert.StartsWith("天*", At(masked, "form", "home"));
        Assert.Equal("[financial-account]", At(masked, "form", "bank-account-number"));
        Assert.Equal("[health]", At(masked, "form", "disability-category"));
        Assert.Equal("[health]", At(masked, "fields", "death-cause"));
        Assert.Equal("男", At(masked, "form", "newborn-sex"));
        Assert.Equal("市民政局", At(masked, "department", "name")); // a one-word resource code is no declaration

        var revealed = AuditMasking.Mask(Event, Declared, Disclosure.Personal);
        Assert.Equal("120101199001010011", At(revealed, "form", "spouse-id"));
        Assert.Equal("[health]", At(revealed, "fields", "death-cause"));
        Assert.Equal("肺癌", At(AuditMasking.Mask(Event, Declared, Disclosure.Sensitive), "fields", "death-cause"));
    }

    [Fact]
    public void the_applicants_own_words_are_hidden_from_the_officer_and_kept_out_of_the_chain()
    {
        const string rated = """
            {"applicationId": "a-1", "level": "very-dissatisfied",
             "applicantComment": "窗口的王姐说\"明天再来\"",
             "comment": "round 1's member, hashed in the clear"}
            """;
        Assert.Equal(AuditMasking.OwnWordsHidden, At(AuditMasking.Mask(rated), "applicantComment"));
        Assert.Equal("窗口的王姐说\"明天再来\"", At(AuditMasking.Mask(rated, shown: Disclosure.Personal),
            "applicantComment"));
        var blinded = JsonDocument.Parse(AuditMasking.Blind(rated, v => $"digest({v.Length})")).RootElement;
        Assert.Equal("p:digest(12)", At(blinded, "applicantComment"));
        // Round 1's chains hashed its comments as they were: blinding them now would break those chains.
        Assert.Equal("round 1's member, hashed in the clear", At(blinded, "comment"));
        Assert.Equal([("窗口的王姐说\"明天再来\"", false)], AuditMasking.Personal(rated));
    }

    [Fact]
    public async Task a_death_cause_is_hidden_from_governance_until_a_reveal_with_a_reason_which_is_recorded()
    {
        var person = Person(ResidentId("12010119400101033"));
        var document = new LicenceDocument("death-medical-certificate", $"DM{Guid.NewGuid():N}"[..16],
            new LicenceHolder(person.Name, "resident-id", person.IdNumber), "health", "天津市和平区卫生健康委员会",
            "2026-11-01", new Dictionary<string, string> { ["death-cause"] = "急性心肌梗死" });
        var licence = (await hub.Push(document)).LicenceId;
        string Cause(AuditPage page) => At(page.Events.Single(e => e.Type == "licence_issued").Data,
            "document", "fields", "death-cause");
        async Task<AuditPage> Read(string query) =>
            (await hub.Host.Get($"/api/audit/streams/{licence}{query}", hub.Keys.Governance)).Read<AuditPage>();

        Assert.Equal("[health]", Cause(await Read("")));
        Assert.Equal("[health]", Cause(await Read("?reveal=true")));
        var reason = $"死亡原因争议复核 {Guid.NewGuid():N}";
        Assert.Equal("急性心肌梗死", Cause(await Read($"?reveal=true&reason={Uri.EscapeDataString(reason)}")));

        var reveals = (await hub.Host.Get($"/api/audit/streams/{Uri.EscapeDataString(AuditStreams.Reveals)}",
            hub.Keys.Governance)).Read<AuditPage>();
        Assert.Contains(reveals.Events, e => e.Data.TryGetProperty("reason", out var r) && r.GetString() == reason);
        await hub.Host.Get($"/api/audit/streams/{licence}?reveal=true&reason={new string('x', 501)}",
            hub.Keys.Governance, 400);
    }
}
