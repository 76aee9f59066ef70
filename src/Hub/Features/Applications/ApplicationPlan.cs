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
    IReadOnlyList<CaseFormValue> Values,
    IReadOnlyList<string> FilledByHub,
    IReadOnlyList<SparedMaterial> MaterialsSpared)
{
    /// <summary>The chosen services, checked against the catalog's rules; errors say every broken rule at once.
    /// </summary>
    public static (List<string>? Chosen, Dictionary<string, string[]> Errors) Choose(
        OneThingDefinition thing,
        SubmitApplication request)
    {
        var byCode = thing.Services.ToDictionary(s => s.Code);
        if (request.Services?.Any(s => s is null) == true || request.Form?.Any(f => f.Value is null) == true)
            return (null, new() { ["services"] = ["Services and form values are never null."] });
        var chosen = request.Services?.Distinct().ToList() ?? DefaultChoice(thing);

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
        return broken.Count > 0 ? (null, new() { ["services"] = [.. broken] }) : (chosen, []);
    }

    /// <summary>The whole plan from what the lookups found (<see cref="Found.Nothing"/>: from the form alone).
    /// </summary>
    public static (ApplicationPlan? Plan, Dictionary<string, string[]> Errors) Make(
        OneThingDefinition thing,
        SubmitApplication request,
        Found found,
        IReadOnlyDictionary<string, int>? timeLimits = null)
    {
        var (chosen, errors) = Choose(thing, request);
        if (chosen is null) return (null, errors);
        var fields = OneForm.Of(thing.Services, chosen);
        var filled = FormFilling.Fill(fields, request.Applicant, request.Form ?? new Dictionary<string, string>(),
            found);
        return Make(thing, chosen, request, fields, filled, found, timeLimits);
    }

    /// <summary>The material codes of the chosen services that an e-licence can stand in for, by licence type.
    /// </summary>
    public static IEnumerable<string> MaterialLicenceTypes(IEnumerable<InvolvedService> chosen) =>
        chosen.SelectMany(s => s.Guide?.Materials ?? []).Select(m => m.SuppliedBy?.LicenceType).OfType<string>()
            .Distinct();

    /// <summary>
    /// The plan of a submission whose form has been filled: the typed values checked, every required field that
    /// is still empty named, each service with its own fields and the materials attached to its work item, and
    /// the materials really spared (an e-licence or a record found, or an earlier chosen service's result).
    /// </summary>
    public static (ApplicationPlan? Plan, Dictionary<string, string[]> Errors) Make(
        OneThingDefinition thing,
        IReadOnlyList<string> chosen,
        SubmitApplication request,
        IReadOnlyList<OneFormField> fields,
        FilledForm filled,
        Found found,
        IReadOnlyDictionary<string, int>? timeLimits = null)
    {
        var errors = CheckTyped(fields, request);
        foreach (var field in filled.ToType)
            errors[$"form.{field.Code}"] = [$"{field.First.Label} is required: the hub holds no value for it."];
        var uploads = request.Materials ?? new Dictionary<string, string>();
        if (errors.Count > 0) return (null, errors);

        var services = thing.Services.Where(s => chosen.Contains(s.Code)).ToList();
        var attached = services.ToDictionary(s => s.Code, s => Attach(s, request.Applicant, uploads, found));
        var planned = services.Select(s => new PlannedService(s.Code, s.Name, s.ResponsibleUnits[0],
            s.Prerequisites.Where(chosen.Contains).ToList(),
            timeLimits?.GetValueOrDefault(s.Code) is > 0 and var set ? set : s.TimeLimitDays,
            [.. (s.Guide?.FormFields ?? []).Select(f => Planned(f, chosen))], attached[s.Code],
            s.ResponsibleUnits.Count > 1 ? s.ResponsibleUnits : null,
            s.ResponsibleUnits.Count > 1 ? s.JointWork ?? JointWorkKinds.Review : null)).ToList();

        var spared = services.SelectMany(s => (s.Guide?.Materials ?? []).Select(m => (Service: s.Code, Material: m)))
            .Select(x => (x.Material, Source: Spared(x.Material, attached[x.Service], chosen)))
            .Where(x => x.Source is not null)
            .GroupBy(x => x.Material.Code)
            .Select(g => new SparedMaterial(g.Key, g.First().Material.Name, g.First().Source!)).ToList();
        var values = filled.Values.Values.ToList();
        var byHub = values.Where(v => v.Kind is FieldSourceKinds.Licence or FieldSourceKinds.Exchange)
            .Select(v => v.Code).ToList();
        return (new ApplicationPlan(planned, filled.Plain, values, byHub, spared), errors);
    }

    /// <summary>What the front office typed, checked before anything is looked up for it.</summary>
    public static Dictionary<string, string[]> CheckTyped(IReadOnlyList<OneFormField> fields, SubmitApplication request)
    {
        var errors = new Dictionary<string, string[]>();
        var byCode = fields.ToDictionary(f => f.Code);
        foreach (var (code, value) in request.Form ?? new Dictionary<string, string>())
        {
            if (!byCode.TryGetValue(code, out var field))
                errors[$"form.{code}"] = ["Not a field of the chosen services' one form."];
            else if (Problem(field.First, value) is { } problem)
                errors[$"form.{code}"] = [problem];
        }
        return errors;
    }

    private static PlannedField Planned(FormField f, IReadOnlyList<string> chosen) =>
        f.Source?.Services?.Where(chosen.Contains).ToList() is { Count: > 0 } from
            ? new PlannedField(f.Code, f.Label, f.Type, f.Required, from, f.Source.Licence, f.Source.Field)
            : new PlannedField(f.Code, f.Label, f.Type, f.Required);

    // 一套材料: what the applicant uploaded once, and the licences and records the hub found, go with the work item
    // of every service that lists the material.
    private static List<CaseMaterial> Attach(InvolvedService service, Applicant applicant,
        IReadOnlyDictionary<string, string> uploads, Found found)
    {
        var attached = new List<CaseMaterial>();
        foreach (var m in service.Guide?.Materials ?? [])
        {
            if (uploads.TryGetValue(m.Code, out var upload))
                attached.Add(new CaseMaterial(m.Code, m.Name, "upload", MaterialId: upload));
            else if (m.SuppliedBy?.LicenceType is { } type
                     && found.Licences.GetValueOrDefault(new LicenceAsk(type, applicant.IdNumber))?.Licence is { } l)
                attached.Add(new CaseMaterial(m.Code, m.Name, $"licence:{type}",
                    new CaseDocument(m.Name, l.Number, type, l.Id)));
            else if (m.SuppliedBy?.Resource is { } resource
                     && found.Exchanges.FirstOrDefault(e => e.Key.Resource == resource && e.Value.Record is not null)
                         .Value?.ExchangeId is { } exchange)
                attached.Add(new CaseMaterial(m.Code, m.Name, $"exchange:{resource}", ExchangeId: exchange));
        }
        return attached;
    }

    // Spared only for what really stands in: a licence or a record found now, or an earlier chosen service.
    private static MaterialSource? Spared(GuideMaterial m, List<CaseMaterial> attached, IReadOnlyList<string> chosen)
    {
        if (m.SuppliedBy?.FromService is { } from && chosen.Contains(from))
            return new MaterialSource(FromService: from);
        var hub = attached.FirstOrDefault(a => a.Code == m.Code && a.MaterialId is null);
        return hub switch
        {
            { Document.LicenceType: { } type } => new MaterialSource(LicenceType: type),
            { ExchangeId: not null } => new MaterialSource(Resource: m.SuppliedBy!.Resource),
            _ => null,
        };
    }

    // By default every service, but of alternatives (正常/非正常死亡, 正常/提前退休) only the first.
    private static List<string> DefaultChoice(OneThingDefinition thing)
    {
        var later = (thing.Alternatives ?? []).SelectMany(g => g.Skip(1)).ToHashSet();
        return thing.Services.Select(s => s.Code).Where(c => !later.Contains(c)).ToList();
    }

    public static string? Problem(FormField field, string value)
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
