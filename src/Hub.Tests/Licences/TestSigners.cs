using System.Security.Cryptography;
using System.Text;
using OneThing.Contracts;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace OneThing.Hub.Tests.Licences;

/// <summary>
/// An issuing department's signing key as the tests hold it: a fresh key pair, its public key as the department
/// registers it, and signatures made the way a department system makes them (independently of the hub's verifier).
/// </summary>
public sealed class TestSigner
{
    private readonly Func<byte[], byte[]> sign;

    private TestSigner(string algorithm, string keyId, string publicKey, Func<byte[], byte[]> sign) =>
        (Algorithm, KeyId, PublicKey, this.sign) = (algorithm, keyId, publicKey, sign);

    public string Algorithm { get; }
    public string KeyId { get; }
    /// <summary>SubjectPublicKeyInfo, base64 DER.</summary>
    public string PublicKey { get; }

    public static TestSigner Create(string algorithm, string keyId) => algorithm switch
    {
        SignatureAlgorithms.EcdsaP256 => EcdsaP256(keyId),
        SignatureAlgorithms.Sm2 => Sm2(keyId),
        _ => throw new ArgumentException($"No test signer for '{algorithm}'.", nameof(algorithm)),
    };

    public LicenceSignature Sign(LicenceDocument document) => new(Algorithm, KeyId,
        Convert.ToBase64String(SignBytes(LicenceCanonicalForm.Bytes(document))));

    public byte[] SignBytes(byte[] data) => sign(data);

    private static TestSigner EcdsaP256(string keyId)
    {
        // Keep the parameters, not the ECDsa, so the signer owns nothing disposable and can live in a static cache.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        return new TestSigner(SignatureAlgorithms.EcdsaP256, keyId,
            Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), data =>
        {
            using var ecdsa = ECDsa.Create(parameters);
            return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        });
    }

    private static TestSigner Sm2(string keyId)
    {
        // A named-curve key, so its SubjectPublicKeyInfo names sm2p256v1 rather than spelling out the parameters.
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(GMObjectIdentifiers.sm2p256v1, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var publicKey =
            Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded());
        var userId = Encoding.ASCII.GetBytes("1234567812345678");  // the GB/T 35276 default the hub verifies with
        return new TestSigner(SignatureAlgorithms.Sm2, keyId, publicKey, data =>
        {
            var signer = new SM2Signer();  // SM3, DER (r, s)
            signer.Init(true, new ParametersWithID(new ParametersWithRandom(pair.Private, new SecureRandom()), userId));
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        });
    }
}
