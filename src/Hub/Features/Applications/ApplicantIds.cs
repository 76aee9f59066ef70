namespace OneThing.Hub.Features.Applications;

/// <summary>Checks the two national identifiers an applicant comes with, by their check characters.</summary>
public static class ApplicantIds
{
    private static readonly int[] ResidentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string ResidentCheck = "10X98765432";

    /// <summary>GB 11643-1999: 17 digits (region, birth date, sequence) and a mod-11 check character.</summary>
    public static bool IsResidentId(string? id)
    {
        if (id is not { Length: 18 } || !id[..17].All(char.IsAsciiDigit)) return false;
        if (!DateOnly.TryParseExact(id[6..14], "yyyyMMdd", out var born) || born.Year < 1880) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (id[i] - '0') * ResidentWeights[i];
        return char.ToUpperInvariant(id[17]) == ResidentCheck[sum % 11];
    }

    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>GB 32100-2015: 18 characters of a 31-letter alphabet (no I, O, S, V, Z) with a mod-31 check character.</summary>
    public static bool IsUnifiedSocialCreditCode(string? code)
    {
        if (code is not { Length: 18 }) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = CreditAlphabet.IndexOf(code[i]);
            if (value < 0) return false;
            sum += value * CreditWeights[i];
        }
        var check = (31 - sum % 31) % 31;
        return code[17] == CreditAlphabet[check];
    }

    /// <summary>What views show of an identifier that they do not need whole: 1201**********123X.</summary>
    public static string Mask(string id) => id.Length <= 8 ? new string('*', id.Length) : id[..4] + new string('*', id.Length - 8) + id[^4..];

    /// <summary>张三 → 张*, 欧阳娜娜 → 欧***.</summary>
    public static string MaskName(string name) => name.Length <= 1 ? "*" : name[..1] + new string('*', name.Length - 1);
}
