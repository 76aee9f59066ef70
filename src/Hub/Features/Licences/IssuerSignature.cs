using OneThing.Contracts;
using OneThing.Hub.Features.Licences.SigningKeys;

namespace OneThing.Hub.Features.Licences;

/// <summary>Whether a document carries its issuer's signature under one of the issuer's registered keys: push and
/// verification ask the same question.</summary>
public static class IssuerSignature
{
    public static string KeyOf(string issuer, LicenceSignature signature) =>
        SigningKeyView.StreamKey(issuer, signature.KeyId ?? "");

    /// <summary>The question, with the key read (alone or in a batch) and the document's canonical bytes made by the
    /// caller. A key that is revoked, not approved, or expired at <paramref name="signedAt"/> vouches for nothing
    /// (verification asks without a time, and names the key's state itself).
    /// </summary>
    public static (string Field, string Reason)? Check(
        SigningKeyView? key,
        string issuer,
        byte[] canonical,
        LicenceSignature signature,
        DateTimeOffset? signedAt)
    {
        if (key is null) return ("signature.keyId", $"{issuer} has no signing key '{signature.KeyId}'.");
        if (signedAt is { } at && key.Refusal(at) is { } refused) return ("signature.keyId", refused.Reason);
        if (key.Key.Algorithm != signature.Algorithm)
            return ("signature.algorithm", $"Key '{signature.KeyId}' is a {key.Key.Algorithm} key.");
        return LicenceSignatures.Verify(signature.Algorithm, key.Key.PublicKey, canonical, signature.Value ?? "")
            ? null : ("signature",
                "The signature does not match the document: it was altered, or signed with another key.");
    }
}
