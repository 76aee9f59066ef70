using System.Text.RegularExpressions;

namespace OneThing.Hub.Infrastructure;

/// <summary>Domain codes (departments, One Things, services, resources): stable, URL-safe, lowercase
/// kebab-case.</summary>
public static partial class Codes
{
    public const string CodeRule = "Use 1 to 64 lowercase letters, digits and single hyphens, e.g. public-security.";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Pattern();

    public static bool IsCode(string? code) => code is { Length: > 0 and <= 64 } && Pattern().IsMatch(code);
}
