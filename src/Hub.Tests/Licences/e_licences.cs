using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;
using static OneThing.Hub.Tests.Licences.LicenceScenarios;

namespace OneThing.Hub.Tests.Licences;

public sealed class e_licences(HubFixture hub)
{
    [Theory]
    [InlineData(SignatureAlgorithms.EcdsaP256)]
    [InlineData(SignatureAlgorithms.Sm2)]
    public async Task a_licence_signed_by_its_issuer_is_stored_and_verifies(string algorithm)
    {
        var pushed = await hub.Push(BusinessLicence(Company()), algorithm);
        Assert.Equal(1, pushed.Version);
        var answer = await hub.Verify(new VerifyLicence(pushed.LicenceId));
        Assert.Equal(LicenceStatuses.Valid, answer.Status);
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "altered after signing", SignatureAlgorithms.EcdsaP256 },
        { "altered after signing", SignatureAlgorithms.Sm2 },
        { "signed by the wrong key", SignatureAlgorithms.EcdsaP256 },
        { "signed by the wrong key", SignatureAlgorithms.Sm2 },
        { "an unregistered key", SignatureAlgorithms.EcdsaP256 },
        { "the other scheme's signature", SignatureAlgorithms.Sm2 },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task a_forged_or_altered_licence_is_rejected_with_a_reason_and_nothing_is_stored(string forgery,
        string algorithm)
    {
        var document = BusinessLicence(Company());
        var signer = await hub.Signer("market-regulation", algorithm);
        var signature = forgery switch
        {
            "altered after signing" => signer.Sign(document with { Holder = document.Holder with { Name = "冒名公司" } }),
            "signed by the wrong key" => TestSigner.Create(algorithm, signer.KeyId).Sign(document),
            "an unregistered key" => TestSigner.Create(algorithm, "never-registered").Sign(document),
            _ => (await hub.Signer("market-regulation", SignatureAlgorithms.EcdsaP256)).Sign(document)
                with { KeyId = signer.KeyId, Algorithm = algorithm },
        };
        var before = (await hub.EventCount(), await hub.Licences());

        var problem = (await hub.Host.Post("/api/licences", new PushLicence(document, signature),
            hub.Department("market-regulation"), 400)).Problem();

        Assert.Contains(problem.Errors.Keys, k => k.StartsWith("signature"));
        Assert.Equal(before, (await hub.EventCount(), await hub.Licences()));
    }

    [Fact]
    public async Task an_issuer_not_allowed_to_issue_that_type_is_refused_and_nothing_is_stored()
    {
        var document = BusinessLicence(Company()) with { Issuer = "tax" };
        var signer = await hub.Signer("tax");
        var before = await hub.Licences();
        var problem = (await hub.Host.Post("/api/licences", new PushLicence(document, signer.Sign(document)),
            hub.Department("tax"), 403)).Problem();
        Assert.Contains("may not issue", problem.Detail);
        (await hub.Host.Post("/api/licences", new PushLicence(BusinessLicence(Company()), signer.Sign(document)),
            hub.Department("tax"), 403)).Problem();
        Assert.Equal(before, await hub.Licences());
    }

    [Fact]
    public async Task a_bad_holder_id_or_an_unknown_field_is_400()
    {
        var signer = await hub.Signer("market-regulation");
        var company = Company();
        var bad = BusinessLicence(company) with { Holder = new LicenceHolder(company.Name, "uscc",
            company.IdNumber[..17] + "0") };
        if (bad.Holder.IdNumber == company.IdNumber)
            bad = bad with { Holder = bad.Holder with { IdNumber = company.IdNumber[..17] + "1" } };
        (await hub.Host.Post("/api/licences", new PushLicence(bad, signer.Sign(bad)),
            hub.Department("market-regulation"), 400)).Problem();
        var extra = BusinessLicence(company)
            with { Fields = new Dictionary<string, string> { ["favourite-colour"] = "蓝" } };
        (await hub.Host.Post("/api/licences", new PushLicence(extra, signer.Sign(extra)),
            hub.Department("market-regulation"), 400)).Problem();
    }

    [Fact]
    public async Task a_revocation_reaches_every_department_that_pulled_the_licence_and_verification_changes_at_once()
    {
        // An enterprise is opened: its business licence is pushed, then travels as a material to the departments after
        // it.
        var company = Company();
        var id = (await hub.Apply("enterprise-opening", company)).ApplicationId;
        var licence = await hub.Push(BusinessLicence(company));
        await hub.Outcome(id, "enterprise-establishment-registration", "market-regulation",
            new ServiceOutcome(Outcomes.Completed,
            Results: [new ServiceResultDocument("营业执照", "BL-1", "business-licence", licence.LicenceId)]));

        string[] consumers = ["public-security", "tax", "housing-fund"];
        foreach (var consumer in consumers)
        {
            var read = (await hub.Host.Get($"/api/licences/{licence.LicenceId}",
                hub.Department(consumer))).Read<LicenceRecord>();
            Assert.Equal(company.IdNumber, read.Document.Holder.IdNumber);
            await hub.Inbox(consumer, id);   // clear the work items
        }

        await hub.Host.Post($"/api/licences/{licence.LicenceId}/revocation", new RevokeLicence("企业登记信息有误，撤销营业执照"),
            hub.Department("market-regulation"), 202);

        Assert.Equal(LicenceStatuses.Revoked, (await hub.Verify(new VerifyLicence(licence.LicenceId))).Status);
        foreach (var consumer in consumers)
        {
            var notices = await hub.Inbox(consumer, licence.LicenceId);
            var notice = Assert.Single(notices, m => m.Kind == LicenceNotices.Revoked).Payload<LicenceNotice>();
            Assert.Equal(licence.LicenceId, notice.LicenceId);
            Assert.Contains("撤销", notice.Reason);
        }
        await using var session = hub.Store.QuerySession();
        // Each pull is the legal record of a copy handed over, on the licence's reads stream (never its own).
        var events = await session.Events.FetchStreamAsync(LicenceReads.StreamKey(licence.LicenceId));
        Assert.Equal(consumers.Order(), events.Select(e => e.Data).OfType<LicencePulled>().Select(p =>
            p.Department).Order());
        Assert.DoesNotContain((await session.Events.FetchStreamAsync(licence.LicenceId)).Select(e => e.Data),
            e => e is LicencePulled);

        // Departments that received the licence as a material and never pulled it are told too.
        var materialOnly =
            (await session.LoadAsync<LicenceRecipients>(licence.LicenceId))!.Received.Except(consumers).ToList();
        Assert.NotEmpty(materialOnly);
        foreach (var department in materialOnly)
            Assert.Single(await hub.Inbox(department, licence.LicenceId), m => m.Kind == LicenceNotices.Revoked);
    }

    [Fact]
    public async Task a_pull_without_a_legal_basis_is_403_and_the_refused_attempt_is_an_event()
    {
        var licence = await hub.Push(IdCard(Person()));
        (await hub.Host.Get($"/api/licences/{licence.LicenceId}", hub.Department("water"), 403)).Problem();
        // By holder: the licences without a basis are left out (nothing said of what exists), and the attempt recorded.
        Assert.Empty((await hub.Host.Get($"/api/licences?holder={Person().IdNumber}",
            hub.Department("water"))).Read<LicenceList>().Licences);

        await using var session = hub.Store.QuerySession();
        var refusals = await session.Events.FetchStreamAsync("refusals/water");
        Assert.Contains(refusals.Select(e => e.Data).OfType<LicencePullRefused>(), r =>
            r.LicenceId == licence.LicenceId);
        Assert.Contains(refusals.Select(e => e.Data).OfType<LicencePullRefused>(), r => r.LicenceId is null);
        Assert.DoesNotContain((await session.Events.FetchStreamAsync(licence.LicenceId)).Select(e => e.Data), e =>
            e is LicencePulled);
        Assert.Empty(await session.Events.FetchStreamAsync(LicenceReads.StreamKey(licence.LicenceId)));
    }

    [Fact]
    public async Task a_department_working_on_the_holders_application_pulls_the_holders_licences()
    {
        var person = Person(ResidentId("12010219850101003"));
        var card = await hub.Push(IdCard(person));
        await hub.Apply("newborn", person, ["birth-medical-certificate"]);
        var list = (await hub.Host.Get($"/api/licences?holder={person.IdNumber}&type=resident-id-card",
            hub.Department("health"))).Read<LicenceList>();
        Assert.Equal(card.LicenceId, Assert.Single(list.Licences).LicenceId);
    }

    [Fact]
    public async Task an_amended_licence_verifies_as_amended_with_the_current_version()
    {
        var first = BusinessLicence(Company());
        var pushed = await hub.Push(first);
        var amended = await hub.Push(first with { IssuingAuthority = "天津市滨海新区市场监督管理局" }, amends: pushed.LicenceId);
        Assert.Equal((pushed.LicenceId, 2), (amended.LicenceId, amended.Version));

        var signer = await hub.Signer("market-regulation");
        var old = await hub.Verify(new VerifyLicence(Document: first, Signature: signer.Sign(first)));
        Assert.Equal((LicenceStatuses.Amended, 1, pushed.LicenceId), (old.Status, old.Version, old.CurrentLicenceId));
        var forged = await hub.Verify(new VerifyLicence(Document: first with { Number = first.Number },
            Signature: signer.Sign(first with { IssuedOn = "2020-01-01" })));
        Assert.Equal(LicenceStatuses.BadSignature, forged.Status);
        Assert.Equal(LicenceStatuses.Unknown, (await hub.Verify(new VerifyLicence(Guid.NewGuid().ToString()))).Status);
    }

    [Fact]
    public async Task an_expired_licence_verifies_as_expired()
    {
        var pushed = await hub.Push(BusinessLicence(Company(), validUntil: "2020-12-31"));
        Assert.Equal(LicenceStatuses.Expired, (await hub.Verify(new VerifyLicence(pushed.LicenceId))).Status);
    }

    [Fact]
    public async Task a_subscriber_hears_of_issues_of_the_types_it_relies_on()
    {
        await hub.Host.Scenario(s =>
        {
            s.Put.Json(new LicenceSubscription(["business-licence"])).ToUrl("/api/licence-subscriptions");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department("urban-management")}");
        });
        var pushed = await hub.Push(BusinessLicence(Company()));
        var notice = Assert.Single(await hub.Inbox("urban-management", pushed.LicenceId), m =>
            m.Kind == LicenceNotices.Issued);
        Assert.Equal(pushed.LicenceId, notice.Payload<LicenceNotice>().LicenceId);
    }
}
