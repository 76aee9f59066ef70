using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>What a front-office clerk types for a field the hub could not fill: what the applicant says (the
/// hints), else a plausible value for the field's type and options. Dates ahead for what is planned (an
/// appointment, an end, an expected delivery), behind for what happened.</summary>
public static class Typist
{
    public static string Value(FormField field, IReadOnlyDictionary<string, string> hints, Applicant applicant,
        DateOnly today, Random r)
    {
        if (hints.TryGetValue(field.Code, out var hinted))
            return hinted;
        if (field.Options is { Count: > 0 } options)
            return options[r.Next(options.Count)];
        var code = field.Code;
        return field.Type switch
        {
            "date" when code.Contains("appointment") || code.Contains("expected") || code.EndsWith("-end")
                || code.EndsWith("-end-date") || code.Contains("start") => Day(today.AddDays(r.Next(3, 60))),
            "date" => Day(today.AddDays(-r.Next(1, 300))),
            "resident-id" => Identities.Person(r).IdNumber,
            "uscc" => Identities.Enterprise(r).IdNumber,
            "phone" => applicant.Phone ?? $"137{r.Next(10000000, 99999999)}",
            "integer" => code.Contains("rate") ? r.Next(5, 13).ToString() : r.Next(1, 10).ToString(),
            "money" => r.Next(100, 10000).ToString(),
            "bool" => "true",
            "address" => hints.GetValueOrDefault("household-address") ?? $"天津市南开区复康路{r.Next(1, 300)}号",
            _ when code.EndsWith("account-number") => $"6222{r.NextInt64(100_000_000_000_000, 999_999_999_999_999)}",
            _ when code.EndsWith("plate-number") => $"津A{r.Next(10000, 99999)}",
            _ when code.EndsWith("bank-name") => "中国工商银行天津市分行",
            _ when code.EndsWith("-name") => Names.Surname(r) + Names.Given(r, Sexes.Male, today.AddYears(-40)),
            _ when code.EndsWith("-number") => $"{r.Next(100000, 999999)}",
            _ => Texts.GetValueOrDefault(code, "详见申请人书面说明"),
        };
    }

    private static readonly Dictionary<string, string> Texts = new()
    {
        ["vaccination-unit"] = "南开区万兴街社区卫生服务中心",
        ["graduation-school"] = "天津市第二十中学",
        ["destination-region"] = "北京市朝阳区",
        ["transport-route"] = "津蓟高速—京哈高速—G1京哈高速北京段",
        ["seal-maker"] = "天津市津印印章制作有限公司",
        ["file-current-holder"] = "天津市人才服务中心",
        ["advertising-size"] = "3米×6米",
        ["appointment-hall"] = "南开区政务服务中心不动产登记大厅",
        ["business-scope"] = "技术开发、技术咨询、技术服务",
        ["death-place"] = "天津市第一中心医院",
        ["funeral-home"] = "天津市第一殡仪馆",
    };

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");
}
