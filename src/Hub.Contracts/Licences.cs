namespace OneThing.Contracts;

/// <summary>
/// 电子证照: the content an issuing department signs. The signature covers the canonical form of this document
/// (<see cref="LicenceCanonicalForm"/>), so any change to any member breaks it.
/// </summary>
public sealed record LicenceDocument(
    string Type,
    string Number,
    LicenceHolder Holder,
    string Issuer,
    string IssuingAuthority,
    string IssuedOn,
    IReadOnlyDictionary<string, string> Fields,
    string? ValidFrom = null,
    string? ValidUntil = null
);

/// <summary>持证主体: a person (resident ID) or an enterprise (unified social credit code).</summary>
public sealed record LicenceHolder(string Name, string IdType, string IdNumber);

/// <summary>The issuer's signature over the canonical document.</summary>
public sealed record LicenceSignature(string Algorithm, string KeyId, string Value);

public static class SignatureAlgorithms
{
    /// <summary>ECDSA on P-256 with SHA-256; the value is the IEEE P1363 (r||s) signature in base64.</summary>
    public const string EcdsaP256 = "ECDSA-P256-SHA256";

    /// <summary>SM2 with SM3 (GB/T 32918, GB/T 32905), default user id; the value is the DER signature in
    /// base64.</summary>
    public const string Sm2 = "SM2-SM3";
    public static readonly IReadOnlyList<string> All = [EcdsaP256, Sm2];
}

/// <summary>A department registers the public key its licences are signed with (SubjectPublicKeyInfo, base64
/// DER).</summary>
/// <summary>A department's public signing key; it signs nothing the hub accepts until the coordinating office
/// approves it, and nothing after <see cref="ValidUntil"/> (the hub's configured lifetime when left out).</summary>
public sealed record RegisterSigningKey(
    string KeyId,
    string Algorithm,
    string PublicKey,
    DateTimeOffset? ValidUntil = null
);

public sealed record SigningKey(
    string Department,
    string KeyId,
    string Algorithm,
    string PublicKey,
    DateTimeOffset RegisteredAt,
    string Status = SigningKeyStatuses.Pending,
    DateTimeOffset? ValidUntil = null,
    DateTimeOffset? ApprovedAt = null,
    DateTimeOffset? RevokedAt = null
);

public static class SigningKeyStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Revoked = "revoked";
}

public sealed record RevokeSigningKey(string Reason);

/// <summary>Push: issue a new licence, or amend one (<see cref="Amends"/> names the licence id it replaces).</summary>
public sealed record PushLicence(LicenceDocument Document, LicenceSignature Signature, string? Amends = null);

public sealed record LicencePushed(string LicenceId, int Version, string Status, string Location);

/// <summary>A licence as an authorised reader sees it: the signed document, its signature and its state.</summary>
public sealed record LicenceRecord(
    string LicenceId,
    int Version,
    string Status,
    LicenceDocument Document,
    LicenceSignature Signature,
    DateTimeOffset PushedAt,
    DateTimeOffset? RevokedAt = null,
    string? RevocationReason = null
);

public sealed record LicenceList(int Count, IReadOnlyList<LicenceRecord> Licences);

/// <summary>A holder's licences, the holder's number in the body (never in a URL, where logs keep it).</summary>
public sealed record SearchLicences(string Holder, string? Type = null);

public static class LicenceStatuses
{
    public const string Valid = "valid";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
    public const string Amended = "amended";
    public const string BadSignature = "bad-signature";
    public const string KeyRevoked = "key-revoked";
    public const string KeyNotApproved = "key-not-approved";
    public const string KeyExpired = "key-expired";
    public const string Unknown = "unknown";
}

/// <summary>Verify a licence by its id, or a document with its signature as someone showed it.</summary>
public sealed record VerifyLicence(
    string? LicenceId = null,
    LicenceDocument? Document = null,
    LicenceSignature? Signature = null
);

public sealed record LicenceVerification(
    string Status,
    string Detail,
    string? LicenceId = null,
    int? Version = null,
    string? CurrentLicenceId = null,
    string? Type = null,
    string? Issuer = null
);

public sealed record RevokeLicence(string Reason);

/// <summary>The licence types a department relies on; it receives their issues, amendments and revocations.</summary>
public sealed record LicenceSubscription(IReadOnlyList<string> Types);

/// <summary>What a department hears of a licence it pulled, received as a material, or subscribed to.</summary>
public sealed record LicenceNotice(string LicenceId, string Type, string Event, string Status, string? Reason = null);

/// <summary>An e-licence type: who may issue it, whose it is, and the type-specific fields of its documents.</summary>
public sealed record LicenceTypeInfo(
    string Code,
    string Name,
    string TypeCode,
    IReadOnlyList<string> Issuers,
    string HolderKind,
    string HolderIdType,
    IReadOnlyList<LicenceTypeField> Fields,
    int? ValidityYears = null
);

public sealed record LicenceTypeField(string Code, string Label, string Type, bool Personal, string? Sensitive = null);

public sealed record LicenceTypeList(IReadOnlyList<LicenceTypeInfo> LicenceTypes);
