using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Features.Access;

/// <summary>The keys a developer needs to try the hub, one per seeded principal, in the file hub.sh points to.
/// This is the embedded mode's bootstrap: the hub itself (principal <c>system/seed</c>) issues them at start-up and
/// writes them to a file only the developer reads; no API caller ever sees another principal's key. A production
/// hub leaves HUB_DEV_KEYS_FILE unset and uses <see cref="GovernanceBootstrap"/> and enrolments instead.
/// </summary>
public sealed record DevKeyFile(
    string Coordinator,
    string Governance,
    [property: System.Text.Json.Serialization.JsonPropertyName("datacentre")] string DataCentre,
    Dictionary<string, string> Departments);

public static class DevKeys
{
    public const string CoordinatorDepartment = "government-services";
    public const string GovernanceDepartment = "cyberspace-affairs";
    public const string DataCentreDepartment = "big-data-centre";

    /// <summary>Keeps the file when every key in it still works; otherwise issues a fresh set and rewrites it.
    /// </summary>
    public static async Task EnsureAsync(
        IDocumentStore store,
        string file,
        string principal,
        TimeProvider clock,
        TimeSpan lifetime,
        ILogger log,
        CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var departments = (await session.Query<DepartmentView>().Select(d => d.Department.Code).ToListAsync(ct))
            .ToList();
        if (File.Exists(file) && await StillValid(session, file, departments, clock.GetUtcNow(), ct))
        {
            log.LogInformation("Development keys: {File}", Path.GetFullPath(file));
            return;
        }

        session.CorrelationId = "dev-keys";
        session.LastModifiedBy = principal;
        var now = clock.GetUtcNow();
        string Issue(string department, string role)
        {
            var issued = KeyPolicy.Issue(department, role, "development key", principal, now, lifetime,
                out var key);
            // Issued at start-up, not by a request: the stream is started by hand.
            // By hand: start-up work, no request or handler whose events Wolverine could append.
            session.Events.StartStream<ApiKey>(issued.KeyId, issued);
            return key;
        }
        var keys = new DevKeyFile(
            Issue(CoordinatorDepartment, Roles.Coordinator),
            Issue(GovernanceDepartment, Roles.Governance),
            Issue(DataCentreDepartment, Roles.DataCentre),
            departments.Order().ToDictionary(d => d, d => Issue(d, Roles.Department)));
        await session.SaveChangesAsync(ct);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var indented = new JsonSerializerOptions(HubJson.Options) { WriteIndented = true };
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(keys, indented), ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        log.LogInformation("Development keys written to {File}", Path.GetFullPath(file));
    }

    private static async Task<bool> StillValid(
        IQuerySession session,
        string file,
        List<string> departments,
        DateTimeOffset now,
        CancellationToken ct)
    {
        try
        {
            var keys = JsonSerializer.Deserialize<DevKeyFile>(await File.ReadAllTextAsync(file, ct), HubJson.Options)!;
            if (!departments.All(keys.Departments.ContainsKey)) return false;
            var parsed = new List<(string Id, string Secret)>();
            var all = keys.Departments.Values.Append(keys.Coordinator).Append(keys.Governance).Append(keys.DataCentre);
            foreach (var key in all)
            {
                if (!ApiKeySecret.TryParse(key, out var id, out var secret)) return false;
                parsed.Add((id, secret));
            }
            // One round trip for all of them: a restart should not wait for forty.
            var stored = (await session.LoadManyAsync<ApiKey>(ct, parsed.Select(k => k.Id))).ToDictionary(k => k.Id);
            return parsed.All(k => stored.TryGetValue(k.Id, out var s) && s.RevokedAt is null
                && s.Works(now) && ApiKeySecret.Matches(s.Hash, k.Id, k.Secret));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
