using System.Text;
using System.Text.Json.Nodes;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Licences;

/// <summary>
/// Licence events hold Hub records now, not the contract's: what main stored (the contract records, serialized by
/// the store) must read back into them and project the same, and what is written now must be the same JSON.
/// </summary>
public sealed class events_as_main_wrote_them(HubFixture hub)
{
    private const string Issued = """
        {"licenceId":"0199a1b2-0000-7000-8000-000000000001","type":"business-licence","number":"BL20261101000001",
         "issuer":"market-regulation","holderKey":"hk",
         "document":{"type":"business-licence","number":"BL20261101000001",
           "holder":{"name":"天津示例科技有限公司","idType":"uscc","idNumber":"91350100M000100Y43"},
           "issuer":"market-regulation","issuingAuthority":"天津市市场监督管理委员会","issuedOn":"2026-11-01",
           "fields":{"registeredCapital":"100万元"},"validFrom":null,"validUntil":"2046-10-31"},
         "signature":{"algorithm":"ECDSA-P256-SHA256","keyId":"k1","value":"c2lnbmF0dXJl"},
         "digest":"d1","pushedBy":"market-regulation/k1","pushedAt":"2026-11-01T09:00:00+08:00"}
        """;

    private const string Amended = """
        {"licenceId":"0199a1b2-0000-7000-8000-000000000001","version":2,
         "document":{"type":"business-licence","number":"BL20261101000001",
           "holder":{"name":"天津示例科技有限公司","idType":"uscc","idNumber":"91350100M000100Y43"},
           "issuer":"market-regulation","issuingAuthority":"天津市滨海新区市场监督管理局","issuedOn":"2026-11-01",
           "fields":{"registeredCapital":"200万元"},"validFrom":"2026-11-01","validUntil":null},
         "signature":{"algorithm":"SM2-SM3","keyId":"k2","value":"MEUCIQ=="},
         "digest":"d2","pushedBy":"market-regulation/k1","pushedAt":"2026-11-02T09:00:00+08:00"}
        """;

    private T Read<T>(string json) =>
        hub.Store.Options.Serializer().FromJson<T>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void an_issue_and_an_amendment_as_main_stored_them_load_and_project_the_same()
    {
        var view = LicenceProjection.Create(Read<LicenceIssued>(Issued));
        Assert.Equal(("business-licence", "BL20261101000001", "market-regulation", "hk", 1),
            (view.Type, view.Number, view.Issuer, view.HolderKey, view.Revision));
        Assert.Equal(new LicenceHolder("天津示例科技有限公司", "uscc", "91350100M000100Y43"), view.Document.Holder);
        Assert.Equal(("天津市市场监督管理委员会", "2026-11-01", null, "2046-10-31"),
            (view.Document.IssuingAuthority, view.Document.IssuedOn, view.Document.ValidFrom,
                view.Document.ValidUntil));
        Assert.Equal("100万元", view.Document.Fields["registeredCapital"]);
        Assert.Equal(new LicenceSignature("ECDSA-P256-SHA256", "k1", "c2lnbmF0dXJl"), view.Signature);

        LicenceProjection.Apply(Read<LicenceAmended>(Amended), view);
        Assert.Equal((2, "天津市滨海新区市场监督管理局", "2026-11-01", null), (view.Revision, view.Document.IssuingAuthority,
            view.Document.ValidFrom, view.Document.ValidUntil));
        Assert.Equal(new LicenceSignature("SM2-SM3", "k2", "MEUCIQ=="), view.Signature);
        Assert.Equal(["d1", "d2"], view.Digests);
    }

    [Fact]
    public void what_is_written_now_is_the_json_main_wrote()
    {
        var serializer = hub.Store.Options.Serializer();
        foreach (var (json, type) in new[] { (Issued, typeof(LicenceIssued)), (Amended, typeof(LicenceAmended)) })
        {
            var written = serializer.ToJson(serializer.FromJson(type, new MemoryStream(Encoding.UTF8.GetBytes(json))));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), written);
        }
        // And member by member the Hub records serialize as the contract records they replace.
        var document = new LicenceDocument("business-licence", "BL1", new LicenceHolder("张三", "resident-id", "1"),
            "tax",
            "税务局", "2026-11-01", new Dictionary<string, string> { ["a"] = "b" }, "2026-11-01", null);
        Assert.Equal(serializer.ToJson(document), serializer.ToJson(SignedDocument.From(document)));
        var signature = new LicenceSignature("ECDSA-P256-SHA256", "k1", "c2ln");
        Assert.Equal(serializer.ToJson(signature), serializer.ToJson(DocumentSignature.From(signature)));
    }
}
