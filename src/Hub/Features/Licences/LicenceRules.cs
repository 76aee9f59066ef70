using OneThing.Contracts;

namespace OneThing.Hub.Features.Licences;

/// <summary>What a document must be for its type, beyond its schema: the holder's id, the dates, the fields.</summary>
public static class LicenceRules
{
    public static Dictionary<string, string[]> Check(LicenceDocument d, LicenceTypes.LicenceType type)
    {
        var errors = new Dictionary<string, string[]>();
        if (!HolderIdValid(d.Holder, type.HolderIdType))
            errors["document.holder.idNumber"] =
                [$"Not a valid {d.Holder.IdType} for a {type.Name} (expected {type.HolderIdType})."];
        // The schema's pattern has the digits; only a calendar knows that 2025-02-30 is no day.
        var dates = new[] { ("issuedOn", d.IssuedOn), ("validFrom", d.ValidFrom), ("validUntil", d.ValidUntil) };
        foreach (var (field, value) in dates)
            if ((field == "issuedOn" || value is not null) && !DateOnly.TryParseExact(value, "yyyy-MM-dd", out _))
                errors[$"document.{field}"] = ["Use a date as yyyy-MM-dd."];
        var known = type.Fields.Select(f => f.Code).Where(c => !LicenceTypes.Common.Contains(c)).ToHashSet();
        foreach (var code in d.Fields.Keys.Where(c => !known.Contains(c)))
            errors[$"document.fields.{code}"] = [$"Not a field of {type.Name}: use {string.Join(", ", known)}."];
        return errors;
    }

    private static bool HolderIdValid(LicenceHolder holder, string expected) => (holder.IdType, expected) switch
    {
        ("resident-id", "resident-id" or "resident-id-or-uscc") => IdentityNumbers.IsResidentId(holder.IdNumber),
        ("uscc", "uscc" or "resident-id-or-uscc") => IdentityNumbers.IsUnifiedSocialCreditCode(holder.IdNumber),
        ("birth-certificate-number", "birth-certificate-number") =>
            holder.IdNumber is { Length: >= 6 and <= 32 } n && n.All(char.IsAsciiLetterOrDigit),
        _ => false,
    };
}
