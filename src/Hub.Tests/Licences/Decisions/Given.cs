using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Infrastructure.Auth;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Tests.Licences.Decisions;

/// <summary>What the pure decision tests start from: callers, a licence type, documents, a clock. No
/// database.</summary>
public static class Given
{
    public const string Issuer = "market-regulation", BusinessLicence = "business-licence";
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.FromHours(8));

    public static ClaimsPrincipal Department(string code) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, $"{code}/k1"), new Claim(ClaimTypes.Role, Roles.Department),
            new Claim(Principal.DepartmentClaim, code)], "test"));

    public static ClaimsPrincipal Coordinator() => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "government-services/k1"), new Claim(ClaimTypes.Role, Roles.Coordinator),
            new Claim(Principal.DepartmentClaim, "government-services")], "test"));

    public static readonly LicenceTypes Types = new([
        new LicenceTypes.LicenceType(BusinessLicence, "营业执照", "11100000000013127D001", [Issuer], "enterprise", "uscc",
            null,
        [
            new LicenceTypes.LicenceField("licence-number", "证照编号", "text", false),
            new LicenceTypes.LicenceField("registeredCapital", "注册资本", "text", false),
        ]),
    ]);

    public static LicenceDocument Document(string number = "BL20261101000001", string? validUntil = "2046-10-31") =>
        new(
        BusinessLicence, number, new LicenceHolder("天津示例科技有限公司", "uscc", "91350100M000100Y43"), Issuer,
        "天津市市场监督管理委员会", "2026-11-01", new Dictionary<string, string> { ["registeredCapital"] = "100万元" },
        ValidUntil: validUntil);

    public static TimeProvider Clock() => new FixedClock(Now);

    public static HttpContext Http(string correlation = "case-1")
    {
        var http = new DefaultHttpContext { TraceIdentifier = correlation };
        return http;
    }

    public static SecretBox Box() => new(new byte[32]);

    public static Licence Issued(string id = "lic-1") => Licence.Create(new LicenceIssued(id, BusinessLicence,
        "BL20261101000001",
        Issuer, "key", SignedDocument.From(Document()), new DocumentSignature("ECDSA-P256-SHA256", "k1", "c2ln"),
        "digest", "market-regulation/k1", Now));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
