using OneThing.Contracts;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Features.Access;

/// <summary>Which unit may hold a key of which role: the officers' roles belong to the offices that have them.
/// Who may hand out which key is decided by the routes: a key is only ever shown to its own holder.</summary>
public static class KeyPolicy
{
    /// <summary>The lifetime of keys issued before keys expired, and the default of HUB_KEY_LIFETIME_DAYS.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(365);

    public static DateTimeOffset ExpiryOf(ApiKeyIssued e) => e.ExpiresAt ?? e.IssuedAt + DefaultLifetime;

    public static string? Refusal(string role, string departmentKind) => role switch
    {
        Roles.Department => null,
        Roles.Coordinator when departmentKind == DepartmentKinds.CoordinatingOffice => null,
        Roles.DataCentre when departmentKind == DepartmentKinds.BigDataCentre => null,
        Roles.Governance when departmentKind is DepartmentKinds.CyberspaceOffice or DepartmentKinds.BigDataCentre
            or DepartmentKinds.CoordinatingOffice => null,
        _ when !Roles.All.Contains(role) => $"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}.",
        _ => $"A unit of kind '{departmentKind}' may not hold a '{role}' key.",
    };

    /// <summary>
    /// Whose keys a role may revoke besides its own: governance audits the coordinator, so the coordinator never
    /// revokes a governance key; governance officers revoke each other's (a lost key); a department its own
    /// systems' keys.
    /// </summary>
    public static string? RevocationRefusal(string callerRole, string? callerDepartment, ApiKeyState key) =>
        callerRole switch
        {
            Roles.Coordinator when key.Role == Roles.Governance =>
                "The coordinating office does not revoke the keys of governance, which audits it.",
            Roles.Coordinator => null,
            Roles.Governance when key.Role == Roles.Governance => null,
            Roles.Department when key.Role == Roles.Department && key.Department == callerDepartment => null,
            _ => $"A '{callerRole}' key revokes only itself here.",
        };

    public static ApiKeyIssued Issue(string department, string role, string? label, string issuedBy, DateTimeOffset now,
        TimeSpan lifetime, out string plainKey, string? enrolmentId = null, string? rotatedFrom = null)
    {
        var (keyId, key, hash) = ApiKeySecret.New();
        plainKey = key;
        return new ApiKeyIssued(keyId, hash, department, role, label, issuedBy, now, now + lifetime, enrolmentId,
            rotatedFrom);
    }

    public static IssuedApiKey Answer(ApiKeyIssued issued, string key) => new(issued.KeyId, key, issued.Department,
        issued.Role, issued.Label, issued.IssuedAt, issued.ExpiresAt);
}
