using OneThing.Hub.Features.Licences;
using static OneThing.Hub.Tests.Licences.Decisions.Given;

namespace OneThing.Hub.Tests.Licences.Decisions;

public sealed class the_licence_state
{
    private static LicenceIssued IssuedEvent() => new("lic-1", BusinessLicence, "BL1", Issuer, "key",
        SignedDocument.From(Document()), new DocumentSignature("ECDSA-P256-SHA256", "k1", "c2ln"), "d1", "p", Now);

    private static LicenceAmended AmendedEvent(int version) => new("lic-1", version, SignedDocument.From(Document()),
        new DocumentSignature("ECDSA-P256-SHA256", "k1", "c2ln"), $"d{version}", "p", Now);

    [Fact]
    public void an_issued_licence_is_active_at_revision_one()
    {
        var licence = Licence.Create(IssuedEvent());
        Assert.Equal(new Licence("lic-1", BusinessLicence, "BL1", Issuer, 1, LicenceState.Active), licence);
        Assert.False(licence.Revoked);
    }

    [Fact]
    public void an_amendment_moves_the_revision_and_leaves_the_state_it_was_given_unchanged()
    {
        var issued = Licence.Create(IssuedEvent());
        var amended = issued.Apply(AmendedEvent(2));
        Assert.Equal(2, amended.Revision);
        Assert.Equal(1, issued.Revision);
    }

    [Fact]
    public void a_revocation_makes_it_revoked()
    {
        var issued = Licence.Create(IssuedEvent());
        var revoked = issued.Apply(new LicenceRevoked("lic-1", "wrong", "p", Now));
        Assert.Equal(LicenceState.Revoked, revoked.State);
        Assert.True(revoked.Revoked);
        Assert.False(issued.Revoked);
    }

    [Fact]
    public void a_stream_folds_in_order_and_skips_the_pulls_main_once_wrote_on_it()
    {
        object[] stream =
        [
            IssuedEvent(), new LicencePulled("lic-1", "tax", "issuer", "tax/k1", Now), AmendedEvent(2),
            new LicencePulled("lic-1", "water", "issuer", "water/k1", Now), new LicenceRevoked("lic-1", "r", "p", Now),
        ];
        Assert.Equal(new Licence("lic-1", BusinessLicence, "BL1", Issuer, 2, LicenceState.Revoked),
            Licence.From(stream));
        Assert.Null(Licence.From([]));
        Assert.Null(Licence.From([AmendedEvent(2)]));
    }
}
