using System.Text.RegularExpressions;
using OneThing.Contracts;
using OneThing.Hub.Features.Guides;

namespace OneThing.Hub.Features.Applications;

/// <summary>
/// Turns one form for a One Thing into what the hub will do: the chosen services (checked against the catalog's
/// rules), the form as the services' guides define it (with what the hub fills itself), and the materials the
/// applicant is spared because e-licences, shared data or earlier services supply them.
/// </summary>
public sealed partial record ApplicationPlan(
    IReadOnlyList<PlannedService> Services,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<string> FilledByHub,
    IReadOnlyList<SparedMaterial> MaterialsSpared)
{
    public static (ApplicationPlan? Plan, Dictionary<string, string[]> Errors) Make(
        OneThingDefinition thing,
        SubmitApplication request,
        IReadOnlyDictionary<string, int>? timeLimits = null)
    {
        var errors = new Dictionary<string, string[]>();
        var byCode = thing.Services.ToDictionary(s => s.Code);
        if (request.Services?.Any(s => s is null) == true || request.Form?.Any(f => f.Value is null) == true)
            return (null, new() { ["services"] = ["Services and form values are never null."] });
        var chosen = request.Services?.Distinct().ToList() ?? DefaultChoice(thing);

        // Every broken rule is told at once, not only the last one found.
        var broken = new List<string>();
        var unknown = chosen.Where(c => !byCode.ContainsKey(c)).ToList();
        if (unknown.Count > 0) broken.Add($"Not services of {thing.Code}: {string.Join(", ", unknown)}.");
        if (chosen.Count == 0) broken.Add("Choose at least one service.");
        foreach (var group in thing.RequiredTogether ?? [])
            if (group.Any(chosen.Contains) && !group.All(chosen.Contains))
                broken.Add($"The law requires {string.Join(", ", group)} together.");
        foreach (var group in thing.Alternatives ?? [])
            if (group.Count(chosen.Contains) > 1)
                broken.Add($"Choose only one of {string.Join(", ", group)}.");
        if (broken.Count > 0) return (null, new() { ["services"] = [.. broken] });

        var services = chosen.Select(c => byCode[c]).ToList();
        var (form, filled) = CheckForm(services, request, errors);
        if (errors.Count > 0) return (null, errors);

        var planned = services.Select(s => new PlannedService(s.Code, s.Name, s.ResponsibleUnits[0],
            s.Prerequisites.Where(chosen.Contains).ToList(),
            timeLimits?.GetValueOrDefault(s.Code) is > 0 and var set ? set : s.TimeLimitDays)).ToList();
        var spared = services.SelectMany(s => s.Guide?.Materials ?? [])
            .Select(m => (m.Code, m.Name, Source: CombinedGuides.Effective(m.SuppliedBy, chosen)))
            .Where(m => m.Source is not null)
            .GroupBy(m => m.Code).Select(g => new SparedMaterial(g.Key, g.First().Name, g.First().Source!)).ToList();
        return (new ApplicationPlan(planned, form, filled, spared), errors);
    }

    // By default every service, but of alternatives (正常/非正常死亡, 正常/提前退休) only the first.
    private static List<string> DefaultChoice(OneThingDefinition thing)
    {
        var later = (thing.Alternatives ?? []).SelectMany(g => g.Skip(1)).ToHashSet();
        return thing.Services.Select(s => s.Code).Where(c => !later.Contains(c)).ToList();
    }

    private static (Dictionary<string, string>, List<string>) CheckForm(
        List<InvolvedService> services, SubmitApplication request, Dictionary<string, string[]> errors)
    {
        var fields = services.SelectMany(s => s.Guide?.FormFields ?? []).GroupBy(f => f.Code)
            .ToDictionary(g => g.Key, g => g.First());
        var form = new Dictionary<string, string>(request.Form ?? new Dictionary<string, string>());
        var filled = new List<string>();

        // 一表申请: what the hub already knows of the applicant is not asked again.
        foreach (var (code, value) in FromApplicant(request.Applicant))
            if (fields.ContainsKey(code) && !form.ContainsKey(code))
            {
                form[code] = value;
                filled.Add(code);
            }

        foreach (var (code, value) in form)
        {
            if (!fields.TryGetValue(code, out var field))
                errors[$"form.{code}"] = ["Not a field of the chosen services' one form."];
            else if (Problem(field, value) is { } problem)
                errors[$"form.{code}"] = [problem];
        }
        foreach (var field in fields.Values.Where(f => f.Required && !form.ContainsKey(f.Code) && f.FilledFrom is null))
            errors[$"form.{field.Code}"] = [$"{field.Label} is required."];
        return (form, filled);
    }

    private static IEnumerable<(string, string)> FromApplicant(Applicant a) => a.Kind == ApplicantKinds.Person
        ? [("applicant-name", a.Name), ("applicant-resident-id", a.IdNumber), .. PhoneAs("applicant-phone", a.Phone)]
        : [("enterprise-name", a.Name), ("enterprise-uscc", a.IdNumber), .. PhoneAs("contact-phone", a.Phone)];

    private static (string, string)[] PhoneAs(string code, string? phone) => phone is null ? [] : [(code, phone)];

    private static string? Problem(FormField field, string value)
    {
        if (value.Length > 2000) return "At most 2000 characters.";
        if (field.Required && string.IsNullOrWhiteSpace(value)) return $"{field.Label} is required.";
        return field.Type switch
        {
            "date" when !DateOnly.TryParseExact(value, "yyyy-MM-dd", out _) => "Use a date as yyyy-MM-dd.",
            "resident-id" when !IdentityNumbers.IsResidentId(value) =>
                "Not a valid resident ID number (GB 11643 check digit).",
            "uscc" when !IdentityNumbers.IsUnifiedSocialCreditCode(value) =>
                "Not a valid unified social credit code (GB 32100).",
            "phone" when !Phone().IsMatch(value) => "Use a mobile (11 digits) or landline number.",
            "integer" when !long.TryParse(value, out _) => "Use a whole number.",
            "money" when !decimal.TryParse(value, out var m) || m < 0 => "Use an amount in yuan.",
            "bool" when value is not ("true" or "false") => "Use true or false.",
            "choice" when field.Options is { } options && !options.Contains(value) =>
                $"Use one of {string.Join(", ", options)}.",
            _ => null,
        };
    }

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex Phone();
}
