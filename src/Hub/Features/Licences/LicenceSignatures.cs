using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OneThing.Contracts;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace OneThing.Hub.Features.Licences;

/// <summary>
/// Checks issuers' public keys and verifies their signatures over licence documents. Everything here answers with a
/// reason or false: keys and signatures come from outside, and a malformed one is a rejected licence, not a 500.
/// </summary>
public static class LicenceSignatures
{
    // GB/T 35276 default, used when the signer has no agreed distinguishing identifier; department systems rely on it.
    private static readonly byte[] Sm2DefaultUserId = Encoding.ASCII.GetBytes("1234567812345678");

    public static string? CheckPublicKey(string algorithm, string publicKeyBase64)
    {
        var curve = algorithm switch
        {
            SignatureAlgorithms.EcdsaP256 => (Oid: X9ObjectIdentifiers.Prime256v1, Name: "a P-256"),
            SignatureAlgorithms.Sm2 => (Oid: GMObjectIdentifiers.sm2p256v1, Name: "an SM2 (sm2p256v1)"),
            _ => (Oid: null, Name: ""),
        };
        if (curve.Oid is null) return $"unknown algorithm '{algorithm}'";
        if (string.IsNullOrWhiteSpace(publicKeyBase64)) return "empty";
        byte[] der;
        try { der = Convert.FromBase64String(publicKeyBase64); }
        catch (FormatException) { return "not base64"; }

        try
        {
            // Read the declared algorithm and curve ourselves (FromByteArray also refuses trailing bytes): .NET on
            // OpenSSL would import an SM2 key as ECDSA without complaint, and explicit parameters could pass off
            // another curve.
            var info = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
            if (!X9ObjectIdentifiers.IdECPublicKey.Equals(info.Algorithm.Algorithm)) return "not an EC key";
            if (info.Algorithm.Parameters is not DerObjectIdentifier named) return "not a named-curve EC key";
            if (!curve.Oid.Equals(named)) return $"not {curve.Name} key";

            // Decoding the point proves it lies on the curve; do it with the library that will verify with the key.
            if (algorithm == SignatureAlgorithms.EcdsaP256)
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(der, out _);
            }
            else if (PublicKeyFactory.CreateKey(info) is not ECPublicKeyParameters) return $"not {curve.Name} key";
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "not a SubjectPublicKeyInfo (DER) or the point is not on the curve";
        }
    }

    // Keys come from the registry (a few per issuer) and never change: their check and their import are done once,
    // not per verification (parsing and importing the key was the largest item of a licence push's profile). An
    // imported key is used by one verification at a time; the caches stop growing at MaxCachedKeys.
    private const int MaxCachedKeys = 10_000;
    private static readonly ConcurrentDictionary<(string, string), bool> CheckedKeys = new();
    private static readonly ConcurrentDictionary<string, ConcurrentBag<ECDsa>> P256Keys = new();

    private static bool KeyPassed(string algorithm, string publicKeyBase64)
    {
        if (CheckedKeys.TryGetValue((algorithm, publicKeyBase64), out var passed)) return passed;
        passed = CheckPublicKey(algorithm, publicKeyBase64) is null;
        if (CheckedKeys.Count < MaxCachedKeys) CheckedKeys[(algorithm, publicKeyBase64)] = passed;
        return passed;
    }

    private static ECDsa RentP256(string publicKeyBase64, byte[] key)
    {
        if (P256Keys.TryGetValue(publicKeyBase64, out var pool) && pool.TryTake(out var ecdsa)) return ecdsa;
        ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key, out _);
        return ecdsa;
    }

    private static void ReturnP256(string publicKeyBase64, ECDsa ecdsa)
    {
        if (P256Keys.Count >= MaxCachedKeys && !P256Keys.ContainsKey(publicKeyBase64)) { ecdsa.Dispose(); return; }
        var pool = P256Keys.GetOrAdd(publicKeyBase64, _ => []);
        if (pool.Count < 8) pool.Add(ecdsa); else ecdsa.Dispose();
    }

    public static bool Verify(string algorithm, string publicKeyBase64, LicenceDocument document,
        string signatureBase64) =>
        Verify(algorithm, publicKeyBase64, LicenceCanonicalForm.Bytes(document), signatureBase64);

    public static bool Verify(string algorithm, string publicKeyBase64, byte[] data, string signatureBase64)
    {
        // The same gate as registration, so a key of the wrong curve never verifies under the other scheme's name.
        if (!KeyPassed(algorithm, publicKeyBase64) || string.IsNullOrEmpty(signatureBase64)) return false;
        try
        {
            var key = Convert.FromBase64String(publicKeyBase64);
            var signature = Convert.FromBase64String(signatureBase64);
            if (algorithm == SignatureAlgorithms.EcdsaP256)
            {
                // P1363 is fixed-width r||s; any other length (a DER signature, a truncated one) is not ours.
                if (signature.Length != 64) return false;
                var ecdsa = RentP256(publicKeyBase64, key);
                try
                {
                    return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256,
                        DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
                finally { ReturnP256(publicKeyBase64, ecdsa); }
            }
            // SM2Signer defaults to SM3 and to DER (r, s), which it decodes strictly (non-canonical encodings fail).
            var signer = new SM2Signer();
            signer.Init(false, new ParametersWithID(PublicKeyFactory.CreateKey(key), Sm2DefaultUserId));
            signer.BlockUpdate(data, 0, data.Length);
            return signer.VerifySignature(signature);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
