using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Licences.SigningKeys;
using Wolverine.Http;
using static OneThing.Hub.Tests.Licences.Decisions.Given;

namespace OneThing.Hub.Tests.Licences.Decisions;

public sealed class verifying_a_licence
{
    private static readonly TestSigner Signer = TestSigner.Create(SignatureAlgorithms.EcdsaP256, "k1");

    private static readonly SigningKeyView Key = new()
    {
        Id = SigningKeyView.StreamKey(Issuer, "k1"),
        Key = new SigningKey(Issuer, "k1", Signer.Algorithm, Signer.PublicKey, Now, SigningKeyStatuses.Approved,
            Now.AddYears(1), Now),
    };

    private static LicenceView Pushed(params LicenceDocument[] versions)
    {
        var view = LicenceProjection.Create(Issue(versions[0]));
        foreach (var (d, i) in versions.Skip(1).Select((d, i) => (d, i)))
            LicenceProjection.Apply(new LicenceAmended("lic-1", i + 2, SignedDocument.From(d),
                DocumentSignature.From(Signer.Sign(d)), Digest(d), "p", Now), view);
        return view;
    }

    private static LicenceIssued Issue(LicenceDocument d) => new("lic-1", d.Type, d.Number, d.Issuer, "key",
        SignedDocument.From(d), DocumentSignature.From(Signer.Sign(d)), Digest(d), "p", Now);

    private static string Digest(LicenceDocument d) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(LicenceCanonicalForm.Bytes(d)));

    private static LicenceVerification Verify(VerifyLicence request, LicenceView? licence, SigningKeyView? key = null)
        => VerifyLicenceEndpoint.Post(request, new VerifyLicenceEndpoint.Loaded(licence, key ?? Key), Clock());

    [Fact]
    public void an_id_or_a_whole_document_with_its_signature_is_asked_for()
    {
        Assert.Null(RequestShape.Status(new VerifyLicence("lic-1")));
        Assert.Null(RequestShape.Status(new VerifyLicence(Document: Document(), Signature: Signer.Sign(Document()))));
        Assert.Equal(400, RequestShape.Status(new VerifyLicence(Document: Document())));
        Assert.Contains("signature", RequestShape.Errors(new VerifyLicence(Document: Document())));
        Assert.Equal(400, RequestShape.Status<VerifyLicence>(null));
    }

    [Fact]
    public void by_id_the_answer_is_the_licences_state()
    {
        Assert.Equal(LicenceStatuses.Valid, Verify(new VerifyLicence("lic-1"), Pushed(Document())).Status);
        Assert.Equal(LicenceStatuses.Expired, Verify(new VerifyLicence("lic-1"),
            Pushed(Document(validUntil: "2020-01-01"))).Status);
        var revoked = Pushed(Document());
        LicenceProjection.Apply(new LicenceRevoked("lic-1", "错", "p", Now), revoked);
        Assert.Equal(LicenceStatuses.Revoked, Verify(new VerifyLicence("lic-1"), revoked).Status);
        Assert.Equal(LicenceStatuses.Unknown, Verify(new VerifyLicence("lic-2"), null).Status);
    }

    [Fact]
    public void a_copy_of_an_old_version_is_amended_an_altered_one_a_bad_signature_and_one_never_pushed_unknown()
    {
        var (first, second) = (Document(), Document() with { IssuingAuthority = "天津市滨海新区市场监督管理局" });
        var licence = Pushed(first, second);

        var old = Verify(new VerifyLicence(Document: first, Signature: Signer.Sign(first)), licence);
        Assert.Equal((LicenceStatuses.Amended, 1, "lic-1"), (old.Status, old.Version, old.CurrentLicenceId));
        Assert.Equal((LicenceStatuses.Valid, 2), Verify(new VerifyLicence(Document: second,
            Signature: Signer.Sign(second)),
            licence) is var now ? (now.Status, now.Version) : default);
        var otherwise = Signer.Sign(first with { IssuedOn = "2020-01-01" });
        var forged = Verify(new VerifyLicence(Document: first, Signature: otherwise),
            licence);
        Assert.Equal(LicenceStatuses.BadSignature, forged.Status);
        var third = first with { IssuedOn = "2026-11-02" };
        Assert.Equal(LicenceStatuses.Unknown, Verify(new VerifyLicence(Document: third, Signature: Signer.Sign(third)),
            licence).Status);
        Assert.Equal(LicenceStatuses.Unknown, Verify(new VerifyLicence(Document: first, Signature: Signer.Sign(first)),
            null).Status);
    }

    [Fact]
    public void a_licence_whose_key_no_longer_vouches_for_it_says_why_by_id_and_by_document()
    {
        var document = Document();
        var licence = Pushed(document);
        var revoked = new SigningKeyView { Id = Key.Id, Key = Key.Key with
            { Status = SigningKeyStatuses.Revoked, RevokedAt = Now }, RevocationReason = "私钥泄露" };
        var pending = new SigningKeyView { Id = Key.Id, Key = Key.Key with
            { Status = SigningKeyStatuses.Pending, ApprovedAt = null } };
        var expired = new SigningKeyView { Id = Key.Id, Key = Key.Key with { ValidUntil = Now.AddDays(-1) } };
        var shown = new VerifyLicence(Document: document, Signature: Signer.Sign(document));

        foreach (var request in new[] { new VerifyLicence("lic-1"), shown })
        {
            var answer = Verify(request, licence, revoked);
            Assert.Equal(LicenceStatuses.KeyRevoked, answer.Status);
            Assert.Contains("私钥泄露", answer.Detail);
            Assert.Equal(LicenceStatuses.KeyNotApproved, Verify(request, licence, pending).Status);
            Assert.Equal(LicenceStatuses.KeyExpired, Verify(request, licence, expired).Status);
            Assert.Equal(LicenceStatuses.Valid, Verify(request, licence).Status);
        }
    }
}
