using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Features.Guides;

namespace OneThing.Hub.Features.Applications;

/// <summary>An e-licence as a form reads it: the holder, the number and the type's fields.</summary>
public sealed record HeldLicence(string Id, string Type, string Number, LicenceHolder Holder,
    IReadOnlyDictionary<string, string> Fields)
{
    public string? Value(string field) => field switch
    {
        "holder-name" => Holder.Name,
        "holder-id" => Holder.IdNumber,
        "licence-number" => Number,
        _ => Fields.GetValueOrDefault(field),
    };
}

/// <summary>A licence to read: of this type, held by this identity number.</summary>
public sealed record LicenceAsk(string Type, string Holder);

/// <summary>An exchange to make: this resource, queried by one key, for these record fields.</summary>
public sealed record ExchangeAsk(string Resource, string Key, string Value);

/// <summary>What a licence ask found: the one valid licence, or why it fills nothing.</summary>
public sealed record LicenceFound(HeldLicence? Licence, string? Problem = null);

/// <summary>What an exchange gave: its id, the one record, or why it fills nothing.</summary>
public sealed record ExchangeFound(string? ExchangeId, JsonElement? Record, string? Problem = null);

/// <summary>Everything the lookups found, by ask.</summary>
public sealed record Found(
    IReadOnlyDictionary<LicenceAsk, LicenceFound> Licences,
    IReadOnlyDictionary<ExchangeAsk, ExchangeFound> Exchanges)
{
    public static readonly Found Nothing = new(new Dictionary<LicenceAsk, LicenceFound>(),
        new Dictionary<ExchangeAsk, ExchangeFound>());
}

/// <summary>The form after filling: each field's value with its source, and the fields still to type.</summary>
public sealed record FilledForm(IReadOnlyDictionary<string, CaseFormValue> Values, IReadOnlyList<OneFormField> ToType)
{
    public IReadOnlyDictionary<string, string> Plain => Values.ToDictionary(v => v.Key, v => v.Value.Value);
}

/// <summary>
/// 共享数据自动调用、个性信息自行填报: the pure half of the form filling itself. <see cref="Asks"/> says which
/// licences to read and which exchanges to make for the submission's form; <see cref="Fill"/> takes what they found
/// and gives each field its value and source. A value the front office typed over one the hub found is kept as a
/// correction beside it. Fields that a chosen earlier service fills are filled when it is done (see
/// <see cref="Progress"/>), not here.
/// </summary>
public static class FormFilling
{
    public static (IReadOnlyList<LicenceAsk> Licences, IReadOnlyList<ExchangeAsk> Exchanges) Asks(
        IReadOnlyList<OneFormField> fields,
        IEnumerable<string> materialLicenceTypes,
        Applicant applicant,
        IReadOnlyDictionary<string, string> typed)
    {
        var known = Known(applicant, typed);
        // A material an e-licence stands in for is the applicant's own licence of that type.
        var licences = materialLicenceTypes.Select(t => new LicenceAsk(t, applicant.IdNumber)).ToList();
        var exchanges = new List<ExchangeAsk>();
        foreach (var source in fields.SelectMany(f => f.Lookups))
        {
            if (source.Licence is { } type && HolderOf(source, applicant, known) is { } holder)
                licences.Add(new LicenceAsk(type, holder));
            else if (source is { Resource: { } resource, Query: { Count: 1 } query }
                     && known.GetValueOrDefault(query.Values.Single()) is { } value)
                exchanges.Add(new ExchangeAsk(resource, query.Keys.Single(), value));
        }
        return ([.. licences.Distinct()], [.. exchanges.Distinct()]);
    }

    public static FilledForm Fill(
        IReadOnlyList<OneFormField> fields,
        Applicant applicant,
        IReadOnlyDictionary<string, string> typed,
        Found found)
    {
        var known = Known(applicant, typed);
        var values = new Dictionary<string, CaseFormValue>();
        var toType = new List<OneFormField>();
        foreach (var field in fields)
        {
            // A found value that breaks the field's type (a provider's odd date) fills nothing: it is typed instead.
            var hub = field.Lookups.Select(s => Lookup(s, applicant, known, found))
                .FirstOrDefault(v => v is not null && ApplicationPlan.Problem(field.First, v.Value) is null)
                is { } v ? v with { Code = field.Code } : null;
            var value = typed.TryGetValue(field.Code, out var own)
                ? hub is not null && hub.Value != own
                    ? new CaseFormValue(field.Code, own, FieldSourceKinds.Correction, Found: hub.Value,
                        LicenceType: hub.LicenceType, LicenceId: hub.LicenceId, Resource: hub.Resource,
                        ExchangeId: hub.ExchangeId, Field: hub.Field)
                    : hub ?? new CaseFormValue(field.Code, own, FieldSourceKinds.Applicant)
                : hub ?? (known.TryGetValue(field.Code, out var identity)
                    ? new CaseFormValue(field.Code, identity, FieldSourceKinds.Applicant) : null);
            if (value is not null) values[field.Code] = value;
            else if (field.NeededAtSubmission) toType.Add(field);
        }
        return new FilledForm(values, toType);
    }

    /// <summary>What the form already says: what was typed, and the applicant's own name, number and phone.
    /// </summary>
    private static Dictionary<string, string> Known(Applicant a, IReadOnlyDictionary<string, string> typed)
    {
        var known = new Dictionary<string, string>(typed);
        foreach (var (code, value) in Identity(a)) known.TryAdd(code, value);
        return known;
    }

    private static IEnumerable<(string, string)> Identity(Applicant a) => a.Kind == ApplicantKinds.Person
        ? [("applicant-name", a.Name), ("applicant-resident-id", a.IdNumber), .. Phone("applicant-phone", a.Phone)]
        : [("enterprise-name", a.Name), ("enterprise-uscc", a.IdNumber), .. Phone("contact-phone", a.Phone)];

    private static (string, string)[] Phone(string code, string? phone) => phone is null ? [] : [(code, phone)];

    // A licence is the applicant's own unless the source names the form field that holds the holder's number.
    private static string? HolderOf(FillSource source, Applicant applicant, Dictionary<string, string> known) =>
        source.Holder is { } field ? known.GetValueOrDefault(field) : applicant.IdNumber;

    private static CaseFormValue? Lookup(FillSource source, Applicant applicant, Dictionary<string, string> known,
        Found found)
    {
        if (source.Licence is { } type)
        {
            if (HolderOf(source, applicant, known) is not { } holder
                || found.Licences.GetValueOrDefault(new LicenceAsk(type, holder))?.Licence is not { } licence
                || licence.Value(source.Field) is not { Length: > 0 } value)
                return null;
            return new CaseFormValue("", value, FieldSourceKinds.Licence, LicenceType: type, LicenceId: licence.Id,
                Field: source.Field);
        }
        if (source is not { Resource: { } resource, Query: { Count: 1 } query }
            || known.GetValueOrDefault(query.Values.Single()) is not { } key
            || found.Exchanges.GetValueOrDefault(new ExchangeAsk(resource, query.Keys.Single(), key)) is not
                { Record: { } record, ExchangeId: { } exchange }
            || !record.TryGetProperty(source.Field, out var property)
            || property.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            return null;
        var text = property.ValueKind == JsonValueKind.String ? property.GetString()! : property.GetRawText();
        return text.Length == 0 ? null
            : new CaseFormValue("", text, FieldSourceKinds.Exchange, Resource: resource, ExchangeId: exchange,
                Field: source.Field);
    }
}
