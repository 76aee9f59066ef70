using OneThing.Contracts;

namespace OneThing.Bench;

/// <summary>Made-up applicants with valid check characters and forms filled as the guides ask (as the simulator's
/// demo makes them; copied, because the simulator is a web app, not a library).</summary>
public static class Identities
{
    public static Applicant Person(Random r)
    {
        var born = new DateOnly(1950, 1, 1).AddDays(r.Next(0, 27000));
        var first17 = $"1201{r.Next(1, 17):00}{born:yyyyMMdd}{r.Next(0, 1000):000}";
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var id = first17 + "10X98765432"[first17.Select((c, i) => (c - '0') * w[i]).Sum() % 11];
        return new Applicant(ApplicantKinds.Person, id, "王晓明", $"138{r.Next(10000000, 99999999)}");
    }

    public static string CreditCode(Random r)
    {
        const string a = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "9112" + string.Concat(Enumerable.Range(0, 13).Select(_ => a[r.Next(a.Length)]));
        int[] w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        return first17 + a[(31 - first17.Select((c, i) => a.IndexOf(c) * w[i]).Sum() % 31) % 31];
    }

    public static Dictionary<string, string> Form(OneThingDefinition thing, Random r)
    {
        var defaults = (thing.Alternatives ?? []).SelectMany(g => g.Skip(1)).ToHashSet();
        var skip = new HashSet<string> { "applicant-name", "applicant-resident-id", "applicant-phone", "enterprise-name", "enterprise-uscc", "contact-phone" };
        return thing.Services.Where(s => !defaults.Contains(s.Code)).SelectMany(s => s.Guide?.FormFields ?? [])
            .Where(f => !skip.Contains(f.Code)).GroupBy(f => f.Code).Select(g => g.First())
            .ToDictionary(f => f.Code, f => f.Type switch
            {
                "date" => DateOnly.FromDateTime(DateTime.Today.AddDays(-r.Next(1, 300))).ToString("yyyy-MM-dd"),
                "resident-id" => Person(r).IdNumber,
                "uscc" => CreditCode(r),
                "phone" => $"137{r.Next(10000000, 99999999)}",
                "integer" => r.Next(1, 10).ToString(),
                "money" => r.Next(100, 10000).ToString(),
                "bool" => "true",
                "choice" => f.Options![r.Next(f.Options.Count)],
                "address" => $"天津市南开区复康路{r.Next(1, 300)}号",
                _ => "示例内容",
            });
    }
}
