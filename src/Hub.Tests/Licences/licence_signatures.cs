using System.Security.Cryptography;
using System.Text;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using static OneThing.Contracts.SignatureAlgorithms;

namespace OneThing.Hub.Tests.Licences;

public sealed class licence_signatures
{
    private static LicenceDocument Document() => new(
        "business-licence", "BL20261101000001", new LicenceHolder("天津示例科技有限公司", "uscc", "91350100M000100Y43"),
        "market-regulation", "天津市市场监督管理委员会", "2026-11-01",
        new Dictionary<string, string> { ["registeredCapital"] = "100万元", ["scope"] = "软件开发" },
            ValidUntil: "2046-10-31");

    private static string Other(string algorithm) => algorithm == EcdsaP256 ? Sm2 : EcdsaP256;

    [Theory]
    [InlineData(EcdsaP256)]
    [InlineData(Sm2)]
    public void a_signed_document_verifies(string algorithm)
    {
        var signer = TestSigner.Create(algorithm, "k1");
        var document = Document();
        var signature = signer.Sign(document);

        Assert.Equal((algorithm, "k1"), (signature.Algorithm, signature.KeyId));
        Assert.True(LicenceSignatures.Verify(algorithm, signer.PublicKey, document, signature.Value));
        Assert.True(LicenceSignatures.Verify(algorithm, signer.PublicKey, LicenceCanonicalForm.Bytes(document),
            signature.Value));
        // A copy that is equal member by member is the same document, whatever dictionary holds its fields.
        var fields = new SortedList<string, string> { ["scope"] = "软件开发", ["registeredCapital"] = "100万元" };
        var copy = document with { Fields = fields };
        Assert.True(LicenceSignatures.Verify(algorithm, signer.PublicKey, copy, signature.Value));
    }

    public static TheoryData<string, string> Alterations => new()
    {
        { EcdsaP256, "a field" }, { Sm2, "a field" },
        { EcdsaP256, "an added field" }, { Sm2, "an added field" },
        { EcdsaP256, "the holder's id" }, { Sm2, "the holder's id" },
        { EcdsaP256, "the number" }, { Sm2, "the number" },
        { EcdsaP256, "the validity" }, { Sm2, "the validity" },
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public void any_change_after_signing_breaks_the_signature(string algorithm, string change)
    {
        var signer = TestSigner.Create(algorithm, "k1");
        var document = Document();
        var signature = signer.Sign(document).Value;
        var altered = change switch
        {
            "a field" => document with { Fields = new Dictionary<string,
                string>(document.Fields) { ["registeredCapital"] = "1000万元" } },
            "an added field" =>
                document with { Fields = new Dictionary<string, string>(document.Fields) { ["note"] = "" } },
            "the holder's id" => document with { Holder = document.Holder with { IdNumber = "91350100M000100Y44" } },
            "the number" => document with { Number = "BL20261101000002" },
            _ => document with { ValidUntil = null },
        };

        Assert.True(LicenceSignatures.Verify(algorithm, signer.PublicKey, document, signature));
        Assert.False(LicenceSignatures.Verify(algorithm, signer.PublicKey, altered, signature));
    }

    [Theory]
    [InlineData(EcdsaP256)]
    [InlineData(Sm2)]
    public void a_signature_by_another_key_of_the_same_scheme_fails(string algorithm)
    {
        var document = Document();
        var registered = TestSigner.Create(algorithm, "k1");
        var impostor = TestSigner.Create(algorithm, "k1");
        Assert.False(LicenceSignatures.Verify(algorithm, registered.PublicKey, document,
            impostor.Sign(document).Value));
    }

    [Theory]
    [InlineData(EcdsaP256)]
    [InlineData(Sm2)]
    public void a_signature_checked_under_the_other_scheme_fails(string algorithm)
    {
        var document = Document();
        var signer = TestSigner.Create(algorithm, "k1");
        var signature = signer.Sign(document).Value;
        // The same key and signature declared as the other scheme: the curve does not match the name.
        Assert.False(LicenceSignatures.Verify(Other(algorithm), signer.PublicKey, document, signature));
        // The other scheme's key with this scheme's signature.
        Assert.False(LicenceSignatures.Verify(Other(algorithm), TestSigner.Create(Other(algorithm), "k2").PublicKey,
            document, signature));
        Assert.False(LicenceSignatures.Verify("RSA-SHA256", signer.PublicKey, document, signature));
        Assert.False(LicenceSignatures.Verify("", signer.PublicKey, document, signature));
    }

    public static TheoryData<string, string> Malformations => new(
        from algorithm in new[] { EcdsaP256, Sm2 }
        from malformation in new[]
        {
            "garbage signature", "empty signature", "whitespace signature", "signature cut mid-base64",
                "truncated signature",
            "signature with a byte more", "all-zero signature", "signature of the wrong length", "garbage key",
                "empty key",
            "truncated key", "text as a key", "the signature as the key",
        }
        select (algorithm, malformation));

    [Theory]
    [MemberData(nameof(Malformations))]
    public void malformed_keys_and_signatures_fail_without_throwing(string algorithm, string malformation)
    {
        var signer = TestSigner.Create(algorithm, "k1");
        var document = Document();
        var signature = signer.Sign(document).Value;
        var bytes = Convert.FromBase64String(signature);
        var key = Convert.FromBase64String(signer.PublicKey);
        var (publicKey, value) = malformation switch
        {
            "garbage signature" => (signer.PublicKey, "¿no es base64?"),
            "empty signature" => (signer.PublicKey, ""),
            "whitespace signature" => (signer.PublicKey, "   "),
            "signature cut mid-base64" => (signer.PublicKey, signature[..^1]),
            "truncated signature" => (signer.PublicKey, Convert.ToBase64String(bytes[..^1])),
            "signature with a byte more" => (signer.PublicKey, Convert.ToBase64String([.. bytes, 0])),
            "all-zero signature" => (signer.PublicKey, Convert.ToBase64String(new byte[bytes.Length])),
            "signature of the wrong length" => (signer.PublicKey,
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))),
            "garbage key" => ("-----BEGIN PUBLIC KEY-----", signature),
            "empty key" => ("", signature),
            "truncated key" => (Convert.ToBase64String(key[..^1]), signature),
            "text as a key" => (Convert.ToBase64String("a public key"u8), signature),
            _ => (signature, signature),
        };

        Assert.False(LicenceSignatures.Verify(algorithm, publicKey, document, value));
        Assert.False(LicenceSignatures.Verify(algorithm, publicKey, [], value));
    }

    [Fact]
    public void sm2_signatures_are_over_the_standard_default_user_id()
    {
        // Signed here with BouncyCastle's own default (no id given), independently of TestSigner: the hub must agree.
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(GMObjectIdentifiers.sm2p256v1, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var publicKey =
            Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded());
        var data = LicenceCanonicalForm.Bytes(Document());
        string Sign(Func<ICipherParameters, ICipherParameters> withId)
        {
            var signer = new SM2Signer();
            signer.Init(true, withId(pair.Private));
            signer.BlockUpdate(data, 0, data.Length);
            return Convert.ToBase64String(signer.GenerateSignature());
        }

        Assert.True(LicenceSignatures.Verify(Sm2, publicKey, data, Sign(key => key)));
        Assert.False(LicenceSignatures.Verify(Sm2, publicKey, data, Sign(key => new ParametersWithID(key,
            "another-user-id"u8.ToArray()))));
    }

    [Theory]
    [InlineData(EcdsaP256)]
    [InlineData(Sm2)]
    public void a_key_on_the_schemes_curve_is_accepted(string algorithm) =>
        Assert.Null(LicenceSignatures.CheckPublicKey(algorithm, TestSigner.Create(algorithm, "k1").PublicKey));

    public static TheoryData<string, string, string> WrongKeys => new()
    {
        { Sm2, "a P-256 key", "not an SM2 (sm2p256v1) key" },
        { EcdsaP256, "an SM2 key", "not a P-256 key" },
        { EcdsaP256, "a P-384 key", "not a P-256 key" },
        { EcdsaP256, "an RSA key", "not an EC key" },
        { Sm2, "an RSA key", "not an EC key" },
        { EcdsaP256, "a P-256 key with explicit curve parameters", "not a named-curve EC key" },
        { EcdsaP256, "garbage", "not base64" },
        { Sm2, "garbage", "not base64" },
        { EcdsaP256, "empty", "empty" },
        { Sm2, "empty", "empty" },
        { EcdsaP256, "a truncated P-256 key", "not a SubjectPublicKeyInfo" },
        { Sm2, "a truncated SM2 key", "not a SubjectPublicKeyInfo" },
        { EcdsaP256, "a P-256 key with bytes after it", "not a SubjectPublicKeyInfo" },
        { Sm2, "an SM2 key with bytes after it", "not a SubjectPublicKeyInfo" },
        { EcdsaP256, "a P-256 point off the curve", "point is not on the curve" },
        { Sm2, "an SM2 point off the curve", "point is not on the curve" },
        { "RSA-SHA256", "a P-256 key", "unknown algorithm" },
    };

    [Theory]
    [MemberData(nameof(WrongKeys))]
    public void a_key_of_another_kind_or_curve_is_rejected_with_a_reason(string algorithm, string key, string reason)
    {
        var p256 = Convert.FromBase64String(TestSigner.Create(EcdsaP256, "k1").PublicKey);
        var sm2 = Convert.FromBase64String(TestSigner.Create(Sm2, "k1").PublicKey);
        var der = key switch
        {
            "a P-256 key" => p256,
            "an SM2 key" => sm2,
            "a P-384 key" => ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportSubjectPublicKeyInfo(),
            "an RSA key" => RSA.Create(2048).ExportSubjectPublicKeyInfo(),
            "a P-256 key with explicit curve parameters" => ExplicitP256(),
            "a truncated P-256 key" => p256[..^1],
            "a truncated SM2 key" => sm2[..^1],
            "a P-256 key with bytes after it" => [.. p256, 0],
            "an SM2 key with bytes after it" => [.. sm2, 0],
            "a P-256 point off the curve" => OffTheCurve(p256),
            "an SM2 point off the curve" => OffTheCurve(sm2),
            _ => null,
        };
        var text = key switch { "garbage" => "not a key!", "empty" => "", _ => Convert.ToBase64String(der!) };

        var answer = LicenceSignatures.CheckPublicKey(algorithm, text);

        Assert.NotNull(answer);
        Assert.Contains(reason, answer);
    }

    private static byte[] ExplicitP256()
    {
        using var named = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var spelledOut = ECDsa.Create(named.ExportExplicitParameters(includePrivateParameters: false));
        return spelledOut.ExportSubjectPublicKeyInfo();
    }

    // The uncompressed point closes the key (04 || x || y); another y for the same x is not on the curve.
    private static byte[] OffTheCurve(byte[] key)
    {
        var moved = key.ToArray();
        moved[^1] ^= 1;
        return moved;
    }

    [Fact]
    public void the_canonical_form_sorts_members_escapes_minimally_and_leaves_out_absent_validity()
    {
        var document = new LicenceDocument(
            "business-licence", "BL-1", new LicenceHolder("张\"小\"明\\", "resident-id", "11010519491231002X"),
            "market-regulation", "天津市市场监督管理委员会", "2026-11-01",
            new Dictionary<string, string>
            {
                ["scope"] = "软件开发\t\"云\"服务\r\n咨询\b\f", ["registeredCapital"] = "100万元\u0001\u001f\u007f",
                ["Zone"] = "滨海新区", ["path"] = "C:\\证照\\",
            });
        // Ordinal order puts "Zone" before "path"; U+007F and Chinese are not control characters and stay as they are.
        var expected = """
            {"fields":{"Zone":"滨海新区","path":"C:\\证照\\","registeredCapital":"100万元\u0001\u001f<DEL>",
            "scope":"软件开发\t\"云\"服务\r\n咨询\b\f"},
            "holder":{"idNumber":"11010519491231002X","idType":"resident-id","name":"张\"小\"明\\"},
            "issuedOn":"2026-11-01","issuer":"market-regulation",
            "issuingAuthority":"天津市市场监督管理委员会","number":"BL-1","type":"business-licence"}
            """.ReplaceLineEndings("").Replace("<DEL>", "\u007f");

        Assert.Equal(expected, Encoding.UTF8.GetString(LicenceCanonicalForm.Bytes(document)));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), LicenceCanonicalForm.Bytes(document));

        var dated = LicenceCanonicalForm.Bytes(document with { ValidFrom = "2026-11-01", ValidUntil = "2046-10-31" });
        Assert.EndsWith(""","type":"business-licence","validFrom":"2026-11-01","validUntil":"2046-10-31"}""",
            Encoding.UTF8.GetString(dated));
        Assert.EndsWith(""","type":"business-licence","validUntil":"2046-10-31"}""",
            Encoding.UTF8.GetString(LicenceCanonicalForm.Bytes(document with { ValidUntil = "2046-10-31" })));
    }
}
