using System.Text.Json;

namespace OneThing.Simulator;

/// <summary>
/// The providers' registers over the population: for each shared resource of seeds/resources.json, the records a
/// department holds about a person or an enterprise, so that every register tells the same story (the name, number
/// and address of a person are the same in each). Values are computed from the population when asked, so a newborn
/// or a death is in every register at once.
/// </summary>
public sealed class Registers(Population population)
{
    /// <summary>Which of a resource's query keys names the person or enterprise its records are about.</summary>
    public static readonly IReadOnlyDictionary<string, string> HolderKeys = new Dictionary<string, string>
    {
        ["household-registration-record"] = "residentId",
        ["enterprise-registration-record"] = "uscc",
        ["taxpayer-status-record"] = "uscc",
        ["social-insurance-record"] = "residentId",
        ["medical-insurance-record"] = "residentId",
        ["housing-fund-account-record"] = "residentId",
        ["marriage-registration-record"] = "residentId",
        ["disability-certificate-record"] = "residentId",
        ["death-information-record"] = "residentId",
        ["tax-payment-record"] = "taxpayerId",
        ["real-estate-registration-record"] = "rightHolderId",
        ["housing-transaction-contract-record"] = "buyerId",
        ["veteran-record"] = "residentId",
        ["martyr-family-record"] = "survivorResidentId",
        ["minimum-living-allowance-record"] = "residentId",
        ["criminal-record"] = "residentId",
    };

    public static bool Keeps(string resource) => HolderKeys.ContainsKey(resource);

    /// <summary>
    /// A query as a provider answers it: the records of the person or enterprise its holder key names, narrowed by
    /// every other key given (a certificate or contract number); without the holder key, those numbers are looked up
    /// across the register. An empty query, or a key the register does not know, finds nothing. Null for a resource
    /// the population keeps no register of.
    /// </summary>
    public IReadOnlyList<JsonElement>? Find(string resource, IReadOnlyDictionary<string, string> query,
        JsonElement? recordSchema = null)
    {
        if (!HolderKeys.TryGetValue(resource, out var holderKey))
            return null;
        if (query.Count == 0)
            return [];
        var candidates = query.TryGetValue(holderKey, out var holder)
            ? Of(resource, holder)
            : population.People.Select(p => p.Id).Concat(population.Enterprises.Select(e => e.Uscc))
                .SelectMany(id => Of(resource, id));
        return candidates
            .Where(r => query.All(q => r.TryGetValue(q.Key, out var v) && Text(v) == q.Value))
            .Select(r => Shape(r, recordSchema))
            .ToList();
    }

    /// <summary>Every record of <paramref name="resource"/> about <paramref name="id"/>, before shaping.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Of(string resource, string id)
    {
        var p = population.Person(id);
        var e = population.Enterprise(id);
        var records = new RegisterRecords(population, population.Today);
        return resource switch
        {
            "household-registration-record" => p is null ? [] : [records.Household(p)],
            "enterprise-registration-record" => e is null ? [] : [records.EnterpriseRegistration(e)],
            "taxpayer-status-record" => e is null ? [] : [records.Taxpayer(e)],
            "social-insurance-record" => p?.Pension is null ? [] : [records.SocialInsurance(p)],
            "medical-insurance-record" => p is null ? [] : [records.MedicalInsurance(p)],
            "housing-fund-account-record" => p?.HousingFundAccount is null ? [] : [records.HousingFund(p)],
            "marriage-registration-record" => p?.Marriage is null ? [] : [records.Marriage(p)],
            "disability-certificate-record" => p?.Disability is null ? [] : [records.Disability(p)],
            "death-information-record" => p?.Death is null ? [] : [records.Death(p)],
            "tax-payment-record" => records.Taxes(id),
            "real-estate-registration-record" => records.RealEstate(id),
            "housing-transaction-contract-record" => records.Contracts(id),
            "veteran-record" => p?.Veteran is null ? [] : [records.Veteran(p)],
            "martyr-family-record" => p?.MartyrKin is null ? [] : [records.Martyr(p)],
            "minimum-living-allowance-record" => p?.Allowance is null ? [] : [records.Allowance(p)],
            "criminal-record" => p is null ? [] : [records.Criminal(p)],
            _ => [],
        };
    }

    public bool Has(string resource, string id) => Of(resource, id).Count > 0;

    /// <summary>The record as JSON: dates as yyyy-MM-dd, nothing null, and only the members the resource's record
    /// schema names (the hub would refuse any other: its record schemas allow no additional properties).</summary>
    public static JsonElement Shape(Dictionary<string, object?> record, JsonElement? recordSchema)
    {
        var properties = recordSchema is { ValueKind: JsonValueKind.Object } schema
            && schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                ? p
                : (JsonElement?)null;
        var shaped = record
            .Where(kv => kv.Value is not null && (properties is not { } known || known.TryGetProperty(kv.Key, out _)))
            .ToDictionary(kv => kv.Key, kv => kv.Value is DateOnly d ? d.ToString("yyyy-MM-dd") : kv.Value);
        return JsonSerializer.SerializeToElement(shaped, HubClient.Json);
    }

    private static string? Text(object? value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd"),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    };
}
