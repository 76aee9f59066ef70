using JasperFx.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences.SigningKeys;
using OneThing.Hub.Features.Licences.Subscriptions;
using Wolverine.Http;
using Wolverine.Marten;
using static OneThing.Hub.Tests.Licences.Decisions.Given;

namespace OneThing.Hub.Tests.Licences.Decisions;

public sealed class keys_and_subscriptions
{
    private static readonly TestSigner Signer = TestSigner.Create(SignatureAlgorithms.Sm2, "k1");
    private static readonly OneThing.Hub.Infrastructure.HubOptions Options = new() { Database = "" };
    private static RegisterSigningKey Key(string keyId = "k1") => new(keyId, Signer.Algorithm, Signer.PublicKey);

    [Fact]
    public void a_department_registers_a_well_formed_key_of_its_own_once()
    {
        var user = Department(Issuer);
        Assert.Same(WolverineContinue.NoProblems, RegisterSigningKeyEndpoint.Before(Issuer, Key(), user));
        Assert.Equal(403, RegisterSigningKeyEndpoint.Before("tax", Key(), user).Status);
        Assert.Null(RequestShape.Status(Key()));
        Assert.Equal(400, RequestShape.Status(Key("Not A Code")));
        Assert.Equal(400, RequestShape.Status(Key() with { Algorithm = "RSA" }));
        Assert.Equal(400, RegisterSigningKeyEndpoint.Before(Issuer, Key() with { PublicKey = "bm90IGEga2V5" },
            user).Status);
        Assert.Same(WolverineContinue.NoProblems, RegisterSigningKeyEndpoint.Validate(Key(), null, Options, Clock()));
        Assert.Equal(409, RegisterSigningKeyEndpoint.Validate(Key(), new StreamState(), Options, Clock()).Status);
        Assert.Equal(400, RegisterSigningKeyEndpoint.Validate(Key() with { ValidUntil = Now.AddDays(-1) }, null,
            Options, Clock()).Status);
        Assert.Equal(400, RegisterSigningKeyEndpoint.Validate(Key() with { ValidUntil = Now.AddYears(10) }, null,
            Options, Clock()).Status);
    }

    [Fact]
    public void registering_starts_the_keys_stream_and_answers_the_key()
    {
        var (result, start) = RegisterSigningKeyEndpoint.Post(Issuer, Key(), Department(Issuer), Options, Clock());
        var until = Now + Options.SigningKeyLifetime;
        Assert.Equal("signing-key/market-regulation/k1", start.StreamKey);
        var registered = Assert.IsType<SigningKeyRegistered>(Assert.Single(start.Events));
        Assert.Equal(new SigningKeyRegistered(Issuer, "k1", Signer.Algorithm, Signer.PublicKey, "market-regulation/k1",
            Now, until),
            registered);
        Assert.Equal(new SigningKey(Issuer, "k1", Signer.Algorithm, Signer.PublicKey, Now, SigningKeyStatuses.Pending,
            until),
            Assert.IsType<Created<SigningKey>>(result).Value);
    }

    [Fact]
    public void a_subscription_lists_known_types_and_replaces_the_last_one_sorted_and_without_repeats()
    {
        Assert.Same(WolverineContinue.NoProblems, SubscribeEndpoint.Validate(new LicenceSubscription([BusinessLicence]),
            Types));
        Assert.Equal(400, SubscribeEndpoint.Validate(new LicenceSubscription(["no-such-type"]), Types).Status);
        Assert.Null(RequestShape.Status(new LicenceSubscription([BusinessLicence])));
        Assert.Equal(400, RequestShape.Status(new LicenceSubscription([.. Enumerable.Repeat(BusinessLicence, 101)])));
        Assert.Equal(400, RequestShape.Status(new LicenceSubscription(null!)));

        var (answer, write) = SubscribeEndpoint.Put(new LicenceSubscription([BusinessLicence, BusinessLicence]),
            Department("tax"), Clock());
        Assert.Equal([BusinessLicence], answer.Types);
        var replace = Assert.IsType<ReplaceSubscription>(write);
        Assert.Equal("licence-subscriptions/tax", replace.Stream);
        Assert.Equal(("tax", "tax/k1", Now), (replace.Changed.Department, replace.Changed.ChangedBy,
            replace.Changed.ChangedAt));
        Assert.Equal([BusinessLicence], replace.Changed.Types);
    }
}
