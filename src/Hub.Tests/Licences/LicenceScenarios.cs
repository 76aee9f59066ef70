using System.Collections.Concurrent;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Licences;

/// <summary>Issuing departments as the tests play them: a registered key of each scheme, signed documents,
/// pushes.</summary>
public static class LicenceScenarios
{
    private static readonly ConcurrentDictionary<(string, string), TestSigner> Signers = new();

    public static async Task<TestSigner> Signer(
        this HubFixture hub,
        string department,
        string algorithm = SignatureAlgorithms.EcdsaP256)
    {
        if (Signers.TryGetValue((department, algorithm), out var known)) return known;
        return Signers[(department, algorithm)] = await hub.NewSigner(department, algorithm);
    }

    /// <summary>A key of the tests' own, not shared with other tests: registered by the department and, unless
    /// asked not to, approved by the coordinating office, as every key must be before it signs.</summary>
    public static async Task<TestSigner> NewSigner(
        this HubFixture hub,
        string department,
        string algorithm = SignatureAlgorithms.EcdsaP256,
        bool approve = true)
    {
        var signer = TestSigner.Create(algorithm, $"k-{Guid.NewGuid():N}"[..14]);
        await hub.Host.Post($"/api/departments/{department}/signing-keys",
            new RegisterSigningKey(signer.KeyId, signer.Algorithm, signer.PublicKey), hub.Department(department), 201);
        if (approve)
            await hub.Host.Post($"/api/signing-keys/{department}.{signer.KeyId}/approval", new { },
                hub.Keys.Coordinator, 204);
        return signer;
    }

    public static LicenceDocument BusinessLicence(
        Applicant company,
        string? number = null,
        string? validUntil = null) => new(
        "business-licence", number ?? $"BL{Guid.NewGuid():N}"[..16], new LicenceHolder(company.Name, "uscc",
            company.IdNumber),
        "market-regulation", "天津市市场监督管理委员会", "2026-11-01", new Dictionary<string, string>(), ValidUntil: validUntil);

    public static LicenceDocument IdCard(Applicant person) => new(
        "resident-id-card", $"ID{Guid.NewGuid():N}"[..16], new LicenceHolder(person.Name, "resident-id",
            person.IdNumber),
        "public-security", "天津市公安局和平分局", "2026-11-01", new Dictionary<string, string>(), ValidUntil: "2046-11-01");

    public static async Task<LicencePushed> Push(
        this HubFixture hub,
        LicenceDocument document,
        string algorithm = SignatureAlgorithms.EcdsaP256,
        string? amends = null)
    {
        var signer = await hub.Signer(document.Issuer, algorithm);
        return (await hub.Host.Post("/api/licences", new PushLicence(document, signer.Sign(document), amends),
            hub.Department(document.Issuer), 201))
            .Read<LicencePushed>();
    }

    public static async Task<LicenceVerification> Verify(
        this HubFixture hub,
        VerifyLicence request,
        string? key = null) =>
        (await hub.Host.Post("/api/licences/verification", request, key ?? hub.Department("tax"),
            200)).Read<LicenceVerification>();

    public static async Task<long> Licences(this HubFixture hub)
    {
        await using var session = hub.Store.QuerySession();
        return await session.Query<LicenceView>().CountAsync();
    }
}
