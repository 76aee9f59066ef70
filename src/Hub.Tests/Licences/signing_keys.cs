using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;
using static OneThing.Hub.Tests.Licences.LicenceScenarios;

namespace OneThing.Hub.Tests.Licences;

/// <summary>
/// A department's signing key vouches for its licences only once the coordinating office approved it, and no
/// longer once it is revoked: a stolen department API key alone cannot make the hub accept forged licences.
/// </summary>
public sealed class signing_keys(HubFixture hub)
{
    private const string Issuer = "market-regulation";

    private static string Url(TestSigner signer, string action) =>
        $"/api/signing-keys/{Issuer}.{signer.KeyId}/{action}";

    [Fact]
    public async Task a_licence_signed_by_a_revoked_signing_key_is_refused_and_verification_names_the_reason()
    {
        var signer = await hub.NewSigner(Issuer);
        var document = BusinessLicence(Company());
        var pushed = (await hub.Host.Post("/api/licences", new PushLicence(document, signer.Sign(document)),
            hub.Department(Issuer), 201)).Read<LicencePushed>();
        Assert.Equal(LicenceStatuses.Valid, (await hub.Verify(new VerifyLicence(pushed.LicenceId))).Status);

        await hub.Host.Post(Url(signer, "revocation"), new RevokeSigningKey("私钥泄露"), hub.Department(Issuer), 204);

        var byId = await hub.Verify(new VerifyLicence(pushed.LicenceId));
        Assert.Equal(LicenceStatuses.KeyRevoked, byId.Status);
        Assert.Contains("私钥泄露", byId.Detail);
        var shown = await hub.Verify(new VerifyLicence(Document: document, Signature: signer.Sign(document)));
        Assert.Equal(LicenceStatuses.KeyRevoked, shown.Status);

        var next = BusinessLicence(Company());
        var before = (await hub.EventCount(), await hub.Licences());
        var problem = (await hub.Host.Post("/api/licences", new PushLicence(next, signer.Sign(next)),
            hub.Department(Issuer), 400)).Problem();
        Assert.Contains("revoked", Assert.Single(problem.Errors["signature.keyId"]));
        Assert.Equal(before, (await hub.EventCount(), await hub.Licences()));
        (await hub.Host.Post(Url(signer, "revocation"), new RevokeSigningKey("again"), hub.Keys.Coordinator, 409))
            .Problem();
    }

    [Fact]
    public async Task an_unapproved_signing_key_signs_nothing_until_the_coordinator_approves_it()
    {
        var signer = await hub.NewSigner(Issuer, approve: false);
        var document = BusinessLicence(Company());
        var push = new PushLicence(document, signer.Sign(document));

        var problem = (await hub.Host.Post("/api/licences", push, hub.Department(Issuer), 400)).Problem();
        Assert.Contains("not approved", Assert.Single(problem.Errors["signature.keyId"]));
        // The department cannot vouch for its own key.
        (await hub.Host.Post(Url(signer, "approval"), new { }, hub.Department(Issuer), 403)).Problem();

        await hub.Host.Post(Url(signer, "approval"), new { }, hub.Keys.Coordinator, 204);
        (await hub.Host.Post(Url(signer, "approval"), new { }, hub.Keys.Coordinator, 409)).Problem();
        await hub.Host.Post("/api/licences", push, hub.Department(Issuer), 201);
    }

    [Fact]
    public async Task only_the_issuing_department_or_the_coordinator_revokes_a_signing_key()
    {
        var signer = await hub.NewSigner(Issuer);

        (await hub.Host.Post(Url(signer, "revocation"), new RevokeSigningKey("不是我的"), hub.Department("tax"), 403))
            .Problem();
        (await hub.Host.Post($"/api/signing-keys/{Issuer}.no-such-key/revocation", new RevokeSigningKey("x"),
            hub.Keys.Coordinator, 404)).Problem();
        await hub.Host.Post(Url(signer, "revocation"), new RevokeSigningKey("停用"), hub.Keys.Coordinator, 204);
    }
}
