using Marten;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Access;

/// <summary>
/// The first governance key of a production hub. No API route gives out a governance key on one person's word,
/// so the first comes from the operator's configuration: while no governance key works, the hub issues one at
/// start-up (principal <c>system/bootstrap</c>, recorded as an event like any issue) and writes it to
/// HUB_BOOTSTRAP_GOVERNANCE_FILE, readable by the operator only. Once a governance key works, nothing is issued.
/// </summary>
public static class GovernanceBootstrap
{
    public const string Principal = "system/bootstrap";

    public static async Task EnsureAsync(
        IDocumentStore store,
        string file,
        HubOptions options,
        TimeProvider clock,
        ILogger log,
        CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        var governance = await session.Query<ApiKey>().Where(k => k.Role == Roles.Governance).ToListAsync(ct);
        if (governance.Any(k => k.Works(now))) return;

        session.CorrelationId = "bootstrap";
        session.LastModifiedBy = Principal;
        var issued = KeyPolicy.Issue(options.BootstrapGovernanceDepartment, Roles.Governance, "bootstrap governance",
            Principal, now, options.KeyLifetime, out var key);
        // By hand: start-up work, no request or handler whose events Wolverine could append.
        session.Events.StartStream<ApiKey>(issued.KeyId, issued);
        await session.SaveChangesAsync(ct);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllTextAsync(file, key + "\n", ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        log.LogWarning("Bootstrap governance key {KeyId} written to {File}", issued.KeyId, Path.GetFullPath(file));
    }
}
