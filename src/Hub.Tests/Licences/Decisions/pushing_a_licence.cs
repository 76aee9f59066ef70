using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Licences.SigningKeys;
using OneThing.Hub.Features.Delivery;
using Wolverine.Http;
using Wolverine.Marten;
using static OneThing.Hub.Tests.Licences.Decisions.Given;

namespace OneThing.Hub.Tests.Licences.Decisions;

public sealed class pushing_a_licence
{
    private static readonly TestSigner Signer = TestSigner.Create(SignatureAlgorithms.EcdsaP256, "k1");

    private static SigningKeyView Key() => new()
    {
        Id = SigningKeyView.StreamKey(Issuer, Signer.KeyId),
        Key = new SigningKey(Issuer, Signer.KeyId, Signer.Algorithm, Signer.PublicKey, Now,
            SigningKeyStatuses.Approved, Now.AddYears(1), Now),
    };

    private static PushLicence Push(LicenceDocument? document = null, string? amends = null)
    {
        var d = document ?? Document();
        return new PushLicence(d, Signer.Sign(d), amends);
    }

    private static PushLicenceEndpoint.Loaded Loaded(PushLicence push, bool taken = false, Licence? amended = null,
        long version = 0, SigningKeyView? key = null, params string[] subscribers) =>
        new(key ?? Key(), taken, amended, version, subscribers, LicenceCanonicalForm.Bytes(push.Document));

    [Fact]
    public void the_shape_and_the_issuer_are_checked_before_anything_is_read()
    {
        var user = Department(Issuer);
        Assert.Same(WolverineContinue.NoProblems, PushLicenceEndpoint.Before(Push(), user, Types));
        Assert.Null(RequestShape.Status(Push()));
        Assert.Equal(400, RequestShape.Status(new PushLicence(null!, null!)));
        Assert.Equal(403, PushLicenceEndpoint.Before(Push(), Department("tax"), Types).Status);
        Assert.Equal(400, PushLicenceEndpoint.Before(Push(Document() with { Type = "nope" }), user, Types).Status);
        Assert.Equal(403, PushLicenceEndpoint.Before(Push(Document() with { Issuer = "tax" }), Department("tax"),
            Types).Status);
        var extra = Document() with { Fields = new Dictionary<string, string> { ["favourite-colour"] = "蓝" } };
        Assert.Contains("document.fields.favourite-colour",
            Assert.IsType<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(
                PushLicenceEndpoint.Before(Push(extra), user, Types)).Errors.Keys);
    }

    [Fact]
    public void a_new_number_signed_with_the_issuers_key_passes_and_a_taken_one_is_409()
    {
        var push = Push();
        Assert.Same(WolverineContinue.NoProblems, PushLicenceEndpoint.Validate(push, Loaded(push), Types, Clock()));
        Assert.Equal(409, PushLicenceEndpoint.Validate(push, Loaded(push, taken: true), Types, Clock()).Status);
    }

    [Fact]
    public void a_signature_that_does_not_verify_is_400_on_the_signature()
    {
        var push = Push() with { Signature = Signer.Sign(Document("BL-OTHER")) };
        Assert.Equal(400, PushLicenceEndpoint.Validate(push, Loaded(push), Types, Clock()).Status);
        var unknownKey = PushLicenceEndpoint.Validate(Push(), Loaded(Push()) with { Key = null }, Types, Clock());
        Assert.Equal(400, unknownKey.Status);
    }

    [Fact]
    public void an_amendment_needs_the_licence_its_issuer_the_same_number_and_no_revocation()
    {
        var push = Push(amends: "lic-1");
        Assert.Same(WolverineContinue.NoProblems, PushLicenceEndpoint.Validate(push, Loaded(push, amended: Issued()),
            Types, Clock()));
        Assert.Equal(404, PushLicenceEndpoint.Validate(push, Loaded(push), Types, Clock()).Status);
        Assert.Equal(403, PushLicenceEndpoint.Validate(push, Loaded(push, amended: Issued() with { Issuer = "tax" }),
            Types, Clock()).Status);
        Assert.Equal(400, PushLicenceEndpoint.Validate(push, Loaded(push, amended: Issued() with { Number = "X" }),
            Types, Clock()).Status);
        var revoked = Issued() with { State = LicenceState.Revoked };
        Assert.Equal(409, PushLicenceEndpoint.Validate(push, Loaded(push, amended: revoked), Types, Clock()).Status);
    }

    [Fact]
    public void a_new_licence_starts_its_stream_and_tells_the_subscribers_but_not_the_issuer()
    {
        var push = Push();
        var (result, write, messages) = PushLicenceEndpoint.Post(push, Loaded(push, subscribers: ["urban-management",
            Issuer]),
            Department(Issuer), Box(), Http(), Clock());

        var start = Assert.IsAssignableFrom<IStartStream>(write);
        var issued = Assert.IsType<LicenceIssued>(Assert.Single(start.Events));
        Assert.Equal(start.StreamKey, issued.LicenceId);
        Assert.Equal((Issuer, push.Document.Number, "market-regulation/k1"), (issued.Issuer, issued.Number,
            issued.PushedBy));
        Assert.Equal(push.Document, issued.Document.ToContract());
        Assert.Equal(push.Signature, issued.Signature.ToContract());
        Assert.Equal(Box().Blind(push.Document.Holder.IdNumber), issued.HolderKey);

        var created = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Created<LicencePushed>>(result);
        Assert.Equal((issued.LicenceId, 1, LicenceStatuses.Valid), (created.Value!.LicenceId, created.Value.Version,
            created.Value.Status));
        var notice = Assert.IsType<DeliverToDepartment>(Assert.Single(messages));
        Assert.Equal(("urban-management", LicenceNotices.Issued), (notice.Message.Department, notice.Message.Kind));
    }

    [Fact]
    public void an_amendment_is_appended_at_the_version_it_was_decided_on()
    {
        var push = Push(Document() with { IssuingAuthority = "天津市滨海新区市场监督管理局" }, amends: "lic-1");
        var (result, write, messages) = PushLicenceEndpoint.Post(push, Loaded(push, amended: Issued(), version: 3),
            Department(Issuer), Box(), Http(), Clock());

        var append = Assert.IsType<AppendAtVersion>(write);
        Assert.Equal(("lic-1", 3L), (append.Stream, append.Version));
        var amended = Assert.IsType<LicenceAmended>(Assert.Single(append.Events));
        Assert.Equal(("lic-1", 2, "天津市滨海新区市场监督管理局"), (amended.LicenceId, amended.Version,
            amended.Document.IssuingAuthority));
        var created = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Created<LicencePushed>>(result);
        Assert.Equal(("lic-1", 2), (created.Value!.LicenceId, created.Value.Version));
        Assert.Empty(messages);
    }

    [Fact]
    public void a_licence_pushed_after_its_validity_ended_is_answered_as_expired()
    {
        var push = Push(Document(validUntil: "2020-12-31"));
        var (result, _, _) = PushLicenceEndpoint.Post(push, Loaded(push), Department(Issuer), Box(), Http(), Clock());
        var created = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Created<LicencePushed>>(result);
        Assert.Equal(LicenceStatuses.Expired, created.Value!.Status);
    }

    [Fact]
    public void a_push_under_a_revoked_unapproved_or_expired_key_is_refused_with_the_reason()
    {
        var push = Push();
        var key = Key();
        var keys = new (SigningKeyView Key, string Reason)[]
        {
            (new() { Id = key.Id, Key = key.Key with { Status = SigningKeyStatuses.Revoked, RevokedAt = Now } },
                "revoked"),
            (new() { Id = key.Id, Key = key.Key with { Status = SigningKeyStatuses.Pending, ApprovedAt = null } },
                "not approved"),
            (new() { Id = key.Id, Key = key.Key with { ValidUntil = Now.AddMinutes(-1) } }, "expired"),
        };
        foreach (var (refused, reason) in keys)
        {
            var problem = Assert.IsType<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(
                PushLicenceEndpoint.Validate(push, Loaded(push, key: refused), Types, Clock()));
            Assert.Contains(reason, Assert.Single(problem.Errors["signature.keyId"]));
        }
    }
}
