namespace OneThing.Contracts;

/// <summary>
/// The check characters of the two national identifiers an applicant comes with. The hub checks them; department
/// systems (and the simulator) compute them the same way.
/// </summary>
public static class IdentityNumbers
{
    private static readonly int[] ResidentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string ResidentChecks = "10X98765432";
    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>GB 11643-1999: the mod-11 check character of 17 digits (region, birth date, sequence).</summary>
    public static char ResidentIdCheck(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += (first17[i] - '0') * ResidentWeights[i];
        return ResidentChecks[sum % 11];
    }

    /// <summary>GB 32100-2015: the mod-31 check character of 17 characters of a 31-letter alphabet (no I, O, S, V,
    /// Z).</summary>
    public static char CreditCodeCheck(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += CreditAlphabet.IndexOf(first17[i]) * CreditWeights[i];
        return CreditAlphabet[(31 - sum % 31) % 31];
    }

    public static bool IsResidentId(string? id) =>
        id is { Length: 18 }
        && id[..17].All(char.IsAsciiDigit)
        && DateOnly.TryParseExact(id[6..14], "yyyyMMdd", out var born)
        && born.Year >= 1880
        && char.ToUpperInvariant(id[17]) == ResidentIdCheck(id);

    public static bool IsUnifiedSocialCreditCode(string? code) =>
        code is { Length: 18 } && code[..17].All(c => CreditAlphabet.Contains(c)) && code[17] == CreditCodeCheck(code);
}
