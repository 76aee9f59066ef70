using System.Security.Claims;
using OneThing.Contracts;

namespace OneThing.Hub.Infrastructure.Auth;

/// <summary>What the hub knows about the caller once its key is checked.</summary>
public static class Principal
{
    public const string DepartmentClaim = "onething:department";
    public const string KeyIdClaim = "onething:key";

    public static string? Department(this ClaimsPrincipal user) => user.FindFirstValue(DepartmentClaim);
    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "";
    public static string Id(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    public static bool IsDepartment(this ClaimsPrincipal user, string code) =>
        user.IsInRole(Roles.Department) && string.Equals(user.Department(), code, StringComparison.Ordinal);
}
