using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>Made-up applicants with valid check characters, and forms filled as the guides ask (the demo and the bench
/// use them).</summary>
public static class Identities
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    private static readonly string[] Given = ["晓明", "丽华", "建国", "思远", "雨桐", "浩然", "子涵", "欣怡"];

    public static Applicant Person(Random r)
    {
        var born = new DateOnly(1950, 1, 1).AddDays(r.Next(0, 27000));
        var first17 = $"1201{r.Next(1, 17):00}{born:yyyyMMdd}{r.Next(0, 1000):000}";
        var id = first17 + IdentityNumbers.ResidentIdCheck(first17);
        return new Applicant(
            ApplicantKinds.Person,
            id,
            Surnames[r.Next(Surnames.Length)] + Given[r.Next(Given.Length)],
            $"138{r.Next(10000000, 99999999)}"
        );
    }

    public static Applicant Enterprise(Random r)
    {
        const string a = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "9112" + string.Concat(Enumerable.Range(0, 13).Select(_ => a[r.Next(a.Length)]));
        var code = first17 + IdentityNumbers.CreditCodeCheck(first17);
        return new Applicant(
            ApplicantKinds.Enterprise,
            code,
            $"天津{Given[r.Next(Given.Length)]}科技有限公司",
            $"139{r.Next(10000000, 99999999)}"
        );
    }

    public static Dictionary<string, string> Form(OneThingDefinition thing, Random r)
    {
        var defaults = (thing.Alternatives ?? []).SelectMany(g => g.Skip(1)).ToHashSet();
        var skip = new HashSet<string>
        {
            "applicant-name",
            "applicant-resident-id",
            "applicant-phone",
            "enterprise-name",
            "enterprise-uscc",
            "contact-phone",
        };
        return thing
            .Services.Where(s => !defaults.Contains(s.Code))
            .SelectMany(s => s.Guide?.FormFields ?? [])
            .Where(f => !skip.Contains(f.Code))
            .GroupBy(f => f.Code)
            .Select(g => g.First())
            .ToDictionary(
                f => f.Code,
                f =>
                    f.Type switch
                    {
                        "date" => DateOnly.FromDateTime(DateTime.Today.AddDays(-r.Next(1, 300))).ToString("yyyy-MM-dd"),
                        "resident-id" => Person(r).IdNumber,
                        "uscc" => Enterprise(r).IdNumber,
                        "phone" => $"137{r.Next(10000000, 99999999)}",
                        "integer" => r.Next(1, 10).ToString(),
                        "money" => r.Next(100, 10000).ToString(),
                        "bool" => "true",
                        "choice" => f.Options![r.Next(f.Options.Count)],
                        "address" => $"天津市南开区复康路{r.Next(1, 300)}号",
                        _ => "示例内容",
                    }
            );
    }
}
