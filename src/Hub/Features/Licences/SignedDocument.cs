using OneThing.Contracts;

namespace OneThing.Hub.Features.Licences;

// The signed document as the hub stores it in its events: the same JSON as the contract's LicenceDocument, so that
// events written before these records load unchanged, and a change to the public contract changes nothing stored.

public sealed record SignedDocument(
    string Type,
    string Number,
    DocumentHolder Holder,
    string Issuer,
    string IssuingAuthority,
    string IssuedOn,
    IReadOnlyDictionary<string, string> Fields,
    string? ValidFrom = null,
    string? ValidUntil = null)
{
    public static SignedDocument From(LicenceDocument d) => new(d.Type, d.Number,
        new DocumentHolder(d.Holder.Name, d.Holder.IdType, d.Holder.IdNumber), d.Issuer, d.IssuingAuthority, d.IssuedOn,
        d.Fields, d.ValidFrom, d.ValidUntil);

    public LicenceDocument ToContract() => new(Type, Number, new LicenceHolder(Holder.Name, Holder.IdType,
        Holder.IdNumber),
        Issuer, IssuingAuthority, IssuedOn, Fields, ValidFrom, ValidUntil);
}

public sealed record DocumentHolder(string Name, string IdType, string IdNumber);

public sealed record DocumentSignature(string Algorithm, string KeyId, string Value)
{
    public static DocumentSignature From(LicenceSignature s) => new(s.Algorithm, s.KeyId, s.Value);

    public LicenceSignature ToContract() => new(Algorithm, KeyId, Value);
}
