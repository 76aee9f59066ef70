using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Licences;
using Wolverine.Http;
using static OneThing.Hub.Tests.Licences.Decisions.Given;

namespace OneThing.Hub.Tests.Licences.Decisions;

public sealed class revoking_a_licence
{
    [Fact]
    public void only_the_issuer_revokes_with_a_reason_and_only_once()
    {
        var reason = new RevokeLicence("企业登记信息有误");
        Assert.Same(WolverineContinue.NoProblems, RevokeLicenceEndpoint.Validate("lic-1", Issued(),
            Department(Issuer)));
        Assert.Equal(403, RevokeLicenceEndpoint.Validate("lic-1", Issued(), Department("tax")).Status);
        Assert.Equal(403, RevokeLicenceEndpoint.Validate("lic-1", Issued(), Coordinator()).Status);
        Assert.Null(RequestShape.Status(reason));
        Assert.Equal(400, RequestShape.Status(new RevokeLicence(" ")));
        Assert.Equal(400, RequestShape.Status(new RevokeLicence(new string('x', 1001))));
        Assert.Equal(400, RequestShape.Status<RevokeLicence>(null));
        var revoked = Issued() with { State = LicenceState.Revoked };
        Assert.Equal(409, RevokeLicenceEndpoint.Validate("lic-1", revoked, Department(Issuer)).Status);
    }

    [Fact]
    public void a_revocation_is_one_event_and_a_notice_to_every_holder_and_subscriber_once_but_never_the_issuer()
    {
        var audience = new RevokeLicenceEndpoint.Audience(["tax", "urban-management"], ["tax", "public-security",
            Issuer]);
        var (result, events, messages) = RevokeLicenceEndpoint.Post("lic-1", new RevokeLicence("撤销"), Issued(),
            audience,
            Department(Issuer), Http("case-9"), Clock());

        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Accepted>(result);
        var revoked = Assert.IsType<LicenceRevoked>(Assert.Single(events));
        Assert.Equal(("lic-1", "撤销", "market-regulation/k1", Now), (revoked.LicenceId, revoked.Reason,
            revoked.RevokedBy,
            revoked.RevokedAt));
        var notices = messages.Cast<DeliverToDepartment>().Select(m => m.Message).ToList();
        Assert.Equal(["public-security", "tax", "urban-management"], notices.Select(n => n.Department));
        Assert.All(notices, n => Assert.Equal((LicenceNotices.Revoked, "case-9"), (n.Kind, n.CorrelationId)));
    }
}
