using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>Well-formed national numbers: resident ids (GB 11643), unified social credit codes (GB 32100, with an
/// organisation code of GB 11714 inside) and vehicle identification numbers (ISO 3779).</summary>
public static class IdentityMint
{
    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static string ResidentId(string district, DateOnly born, string sex, Random r, Func<string, bool> taken)
    {
        for (var attempt = 0; ; attempt++)
        {
            // The sequence's last digit is odd for a man, even for a woman.
            var sequence = r.Next(0, 500) * 2 + (sex == Sexes.Male ? 1 : 0);
            var first17 = $"{district}{born:yyyyMMdd}{sequence:000}";
            var id = first17 + IdentityNumbers.ResidentIdCheck(first17);
            if (!taken(id) || attempt > 2000)
                return id;
        }
    }

    /// <summary>9 (registered by market regulation), 1 (an enterprise), the district, the organisation code (MA and
    /// six characters, then its GB 11714 check), then the GB 32100 check.</summary>
    public static string Uscc(string district, Random r, Func<string, bool> taken)
    {
        while (true)
        {
            var body = "MA" + string.Concat(Enumerable.Range(0, 6).Select(_ => CreditAlphabet[r.Next(31)]));
            var first17 = $"91{district}{body}{OrganisationCheck(body)}";
            var code = first17 + IdentityNumbers.CreditCodeCheck(first17);
            if (!taken(code))
                return code;
        }
    }

    /// <summary>GB 11714: weights 3 7 9 10 5 8 4 2 over digits and letters (A = 10 ...), 11 - sum mod 11, with X
    /// for 10 and 0 for 11.</summary>
    public static char OrganisationCheck(string first8)
    {
        int[] weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 8; i++)
            sum += (char.IsAsciiDigit(first8[i]) ? first8[i] - '0' : first8[i] - 'A' + 10) * weights[i];
        return (11 - sum % 11) switch
        {
            10 => 'X',
            11 => '0',
            var c => (char)('0' + c),
        };
    }

    /// <summary>A VIN of a made-up Chinese maker (L...), its ninth character the ISO 3779 check.</summary>
    public static string Vin(Random r)
    {
        const string letters = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        var chars = ("LSV" + string.Concat(Enumerable.Range(0, 14).Select(_ => letters[r.Next(letters.Length)])))
            .ToCharArray();
        chars[8] = '0';
        chars[8] = VinCheck(new string(chars));
        return new string(chars);
    }

    public static char VinCheck(string vin)
    {
        const string values = "0123456789.ABCDEFGH..JKLMN.P.R..STUVWXYZ";
        int[] weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
        var sum = 0;
        // Letters count as their place in the table, modulo 10 (A = 1 ... H = 8, J = 1 ... R = 9, S = 2 ...).
        for (var i = 0; i < 17; i++)
            sum += values.IndexOf(vin[i]) % 10 * weights[i];
        var check = sum % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }
}
