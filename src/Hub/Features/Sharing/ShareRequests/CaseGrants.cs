using System.Security.Cryptography;
using System.Text;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;

namespace OneThing.Hub.Features.Sharing;

/// <summary>
/// The grants under which forms fill themselves: one per One Thing and resource, held by the coordinating office
/// (which runs the one-form platform for every front office), for exactly the record fields that the One Thing's
/// forms read. They are ordinary share requests, requested and granted as events, so that they can be listed,
/// disputed, and revoked like any other; a revoked one stops its One Thing's exchanges.
/// </summary>
public static class CaseGrants
{
    /// <summary>The grant's purpose names the One Thing: an exchange under it serves that One Thing only.</summary>
    public static string Purpose(string thingCode, string thingName) =>
        $"一件事一次办 {thingName} ({thingCode}): 表单自动填写 (共享数据自动调用)";

    /// <summary>The basis every such grant records, before the legal basis of the services that read the data.
    /// </summary>
    public const string SharingBasis = "《政务信息资源共享管理暂行办法》(国发〔2016〕51号) 第五条、第十条";

    /// <summary>A stable id, so that nodes seeding at once, and later starts, settle on the same stream.</summary>
    public static string IdFor(string thingCode, string resource)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"case-grant/{thingCode}/{resource}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);   // a name-based (version 5 style) UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>The supply-demand workflow's events for one such grant: requested by the coordinating office, then
    /// granted by the compliance check (unconditional resources) or by the provider (conditional ones).</summary>
    public static object[] Seeded(
        string thingCode,
        string thingName,
        ResourceRegistered resource,
        IReadOnlyList<string> fields,
        string legalBasis,
        string consumer,
        string by,
        DateTimeOffset now)
    {
        var id = IdFor(thingCode, resource.Code);
        var purpose = Purpose(thingCode, thingName);
        // The longest a share request may run: three years, renewed through the same workflow.
        var until = DateOnly.FromDateTime(now.UtcDateTime).AddYears(3).AddDays(-1).ToString("yyyy-MM-dd");
        var provider = resource.SharingClass == SharingClasses.Conditional;
        return
        [
            new ShareRequested(id, resource.Code, resource.Provider, consumer, purpose, legalBasis, fields, until, null,
                by, now),
            new ShareRequestGranted(id, resource.Code, resource.Provider, fields, until, purpose,
                provider ? "provider" : "compliance-check", true, provider ? $"{by} for {resource.Provider}" : "hub",
                now),
        ];
    }

    /// <summary>The newest such grant (revoked or not: a refusal must be recorded, not skipped).</summary>
    public static async Task<ShareRequestView?> Find(IQuerySession session, string consumer, string thingCode,
        string thingName, string resource, CancellationToken ct)
    {
        var purpose = Purpose(thingCode, thingName);
        return DocumentDigests.Verified(await session.Query<ShareRequestView>()
            .Where(v => v.Consumer == consumer && v.Resource == resource && v.Purpose == purpose)
            .OrderByDescending(v => v.RequestedAt).FirstOrDefaultAsync(ct));
    }
}
