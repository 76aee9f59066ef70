using Marten;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Access;

/// <summary>
/// The first governance keys of a production hub. No API route gives out a governance key on one person's word, so
/// the first come from the operator's configuration: while fewer than <see cref="Officers"/> governance keys work,
/// the hub issues the missing ones at start-up (principal <c>system/bootstrap</c>, recorded as events like any
/// issue) and writes them, one a line, to HUB_BOOTSTRAP_GOVERNANCE_FILE, readable by the operator only. Two, so that
/// later officers can be enrolled by two-person approval.
/// </summary>
public static class GovernanceBootstrap
{
    public const string Principal = "system/bootstrap";
    public const int Officers = 2;

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
        var missing = Officers - governance.Count(k => k.Works(now));
        if (missing <= 0) return;

        session.CorrelationId = "bootstrap";
        session.LastModifiedBy = Principal;
        var keys = new List<string>();
        for (var i = 0; i < missing; i++)
        {
            var issued = KeyPolicy.Issue(options.BootstrapGovernanceDepartment, Roles.Governance,
                "bootstrap governance", Principal, now, options.KeyLifetime, out var key);
            // By hand: start-up work, no request or handler whose events Wolverine could append.
            session.Events.StartStream<ApiKey>(issued.KeyId, issued);
            keys.Add(key);
        }
        await session.SaveChangesAsync(ct);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllLinesAsync(file, keys, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        log.LogWarning("{Count} bootstrap governance keys written to {File}", missing, Path.GetFullPath(file));
    }
}
