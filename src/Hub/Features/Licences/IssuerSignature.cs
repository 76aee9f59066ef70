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
    /// caller.</summary>
    public static (string Field, string Reason)? Check(
        SigningKeyView? key,
        string issuer,
        byte[] canonical,
        LicenceSignature signature)
    {
        if (key is null) return ("signature.keyId", $"{issuer} has no signing key '{signature.KeyId}'.");
        if (key.Key.Algorithm != signature.Algorithm)
            return ("signature.algorithm", $"Key '{signature.KeyId}' is a {key.Key.Algorithm} key.");
        return LicenceSignatures.Verify(signature.Algorithm, key.Key.PublicKey, canonical, signature.Value ?? "")
            ? null : ("signature",
                "The signature does not match the document: it was altered, or signed with another key.");
    }
}
