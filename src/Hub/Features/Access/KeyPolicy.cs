using OneThing.Contracts;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Features.Access;

/// <summary>Which unit may hold a key of which role: the officers' roles belong to the offices that have them.
/// </summary>
public static class KeyPolicy
{
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

    public static ApiKeyIssued Issue(string department, string role, string? label, string issuedBy, DateTimeOffset now,
        out string plainKey)
    {
        var (keyId, key, hash) = ApiKeySecret.New();
        plainKey = key;
        return new ApiKeyIssued(keyId, hash, department, role, label, issuedBy, now);
    }
}
