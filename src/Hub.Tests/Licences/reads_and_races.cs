using JasperFx.Events;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;
using static OneThing.Hub.Tests.Licences.LicenceScenarios;

namespace OneThing.Hub.Tests.Licences;

/// <summary>Pulls live on streams of their own, so writers of a licence decide on its version and never lock.</summary>
public sealed class reads_and_races(HubFixture hub)
{
    [Fact]
    public async Task a_pull_is_recorded_on_the_licences_reads_stream_and_leaves_the_licences_version_alone()
    {
        var pushed = await hub.Push(BusinessLicence(Company()));
        await hub.Host.Get($"/api/licences/{pushed.LicenceId}", hub.Department("market-regulation"));
        await hub.Host.Get($"/api/licences/{pushed.LicenceId}", hub.Department("market-regulation"));

        await using var session = hub.Store.QuerySession();
        Assert.Equal(1, (await session.Events.FetchStreamStateAsync(pushed.LicenceId))!.Version);
        var reads = await session.Events.FetchStreamAsync(LicenceReads.StreamKey(pushed.LicenceId));
        Assert.Equal(2, reads.Count);
        Assert.All(reads, e => Assert.Equal(("market-regulation", "issuer"),
            (((LicencePulled)e.Data).Department, ((LicencePulled)e.Data).Basis)));
        // Who pulled it is still known to a revocation, with the metadata of the request that pulled it.
        Assert.Contains("market-regulation", (await session.LoadAsync<LicenceRecipients>(pushed.LicenceId))!.Pulled);
        Assert.StartsWith("market-regulation/", reads[0].UserName);
    }

    [Fact]
    public async Task an_amendment_decided_before_a_revocation_committed_is_refused_at_commit()
    {
        // The race the licence's version settles: an amendment checked against the licence as it was, while its
        // revocation commits. Without the version check, a revoked licence would get a new version.
        var document = BusinessLicence(Company());
        var pushed = await hub.Push(document);
        var signer = await hub.Signer("market-regulation");
        var amendment = document with { IssuingAuthority = "天津市滨海新区市场监督管理局" };
        var push = new PushLicence(amendment, signer.Sign(amendment), pushed.LicenceId);

        await using var session = hub.Store.LightweightSession();
        var loaded = await PushLicenceEndpoint.LoadAsync(push, session, CancellationToken.None);
        Assert.Equal((1L, LicenceState.Active), (loaded.AmendedVersion, loaded.Amended!.State));

        await hub.Host.Post($"/api/licences/{pushed.LicenceId}/revocation", new RevokeLicence("撤销"),
            hub.Department("market-regulation"), 202);

        new AppendAtVersion(pushed.LicenceId, loaded.AmendedVersion,
            [new LicenceAmended(pushed.LicenceId, 2, SignedDocument.From(amendment),
                DocumentSignature.From(push.Signature), "digest", "test", DateTimeOffset.UtcNow)]).Execute(session);
        await Assert.ThrowsAsync<EventStreamUnexpectedMaxEventIdException>(() => session.SaveChangesAsync());

        // Through the API the same amendment, decided now, finds the licence revoked.
        await hub.Host.Post("/api/licences", push, hub.Department("market-regulation"), 409);
    }

    [Fact]
    public async Task a_licence_stream_as_main_left_it_with_pulls_on_it_is_still_amended_and_revoked()
    {
        var document = BusinessLicence(Company());
        var pushed = await hub.Push(document);
        await using (var old = hub.Store.LightweightSession())
        {
            // Main recorded pulls on the licence's own stream.
            old.Events.Append(pushed.LicenceId, new LicencePulled(pushed.LicenceId, "tax", "issuer", "tax/k1",
                DateTimeOffset.UtcNow));
            await old.SaveChangesAsync();
        }

        var amended = await hub.Push(document with { IssuingAuthority = "天津市和平区市场监督管理局" }, amends: pushed.LicenceId);
        Assert.Equal(2, amended.Version);
        await hub.Host.Post($"/api/licences/{pushed.LicenceId}/revocation", new RevokeLicence("撤销"),
            hub.Department("market-regulation"), 202);
        Assert.Equal(LicenceStatuses.Revoked, (await hub.Verify(new VerifyLicence(pushed.LicenceId))).Status);
        await using var session = hub.Store.QuerySession();
        Assert.Contains("tax", (await session.LoadAsync<LicenceRecipients>(pushed.LicenceId))!.Pulled);
    }
}
