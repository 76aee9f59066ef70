using Marten;
using Microsoft.Extensions.Caching.Memory;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Infrastructure.Auth;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Audit.Anchoring;

/// <summary>Authorisation reads projected documents; one edited in SQL is refused and named by verification.</summary>
[Collection(AuditTrailCollection.Name)]
public sealed class documents_that_grant_rights(HubFixture hub)
{
    /// <summary>A department key of its own (not one other tests use), issued as an event as the hub does.</summary>
    private async Task<(string KeyId, string Key)> NewKey()
    {
        var (keyId, key, hash) = ApiKeySecret.New();
        await using var session = hub.Store.LightweightSession();
        session.Events.StartStream(keyId, new ApiKeyIssued(keyId, hash, "water", Roles.Department, "锚定测试",
            "test", hub.Clock.GetUtcNow()));
        await session.SaveChangesAsync();
        return (keyId, key);
    }

    private async Task<IReadOnlyList<TamperedDocument>> Tampered() =>
        (await hub.Host.Get("/api/audit/verification", hub.Keys.Governance)).Read<AuditVerification>()
            .TamperedDocuments ?? [];

    [Fact]
    public async Task a_key_whose_role_was_raised_in_sql_is_refused_and_reported()
    {
        var (keyId, key) = await NewKey();
        await using var insider = new Tampering(hub);
        await insider.Sql("update hub.mt_doc_apikey set data = jsonb_set(data, '{role}', '\"governance\"') "
            + "where id = @id", ("id", keyId));
        try
        {
            hub.Host.Services.GetRequiredService<IMemoryCache>().Remove(ApiKeyAuthentication.CacheKey(keyId));
            var refused = (await hub.Host.Get("/api/audit/events?limit=1", key, 503)).Problem();
            Assert.Contains("tampered", refused.Title);
            Assert.Contains(new TamperedDocument("api-key", keyId), await Tampered());
        }
        finally
        {
            await insider.Sql("update hub.mt_doc_apikey set data = jsonb_set(data, '{role}', '\"department\"') "
                + "where id = @id", ("id", keyId));
        }
        hub.Host.Services.GetRequiredService<IMemoryCache>().Remove(ApiKeyAuthentication.CacheKey(keyId));
        await hub.Host.Get("/api/audit/events?limit=1", key, 403);
        await hub.Host.Get("/api/departments", key);
        Assert.DoesNotContain(await Tampered(), d => d.Id == keyId);
    }

    [Fact]
    public async Task a_grant_whose_fields_were_widened_in_sql_is_refused_and_reported()
    {
        var until = DateOnly.FromDateTime(hub.Clock.GetUtcNow().AddHours(8).Date).AddDays(30).ToString("yyyy-MM-dd");
        var grant = (await hub.Host.Post("/api/share-requests", new RequestShare("enterprise-registration-record",
            "核验企业身份", "《天津市政务数据共享管理办法》", ["uscc"], until), hub.Department("tax"), 201))
            .Read<ShareRequestStatus>();
        Assert.Equal(["uscc"], grant.Grant!.Fields);
        await using var insider = new Tampering(hub);
        await insider.Sql("update hub.mt_doc_sharerequestview set data = jsonb_set(data, '{grant,fields}', "
            + "'[\"uscc\", \"legalRepresentativeId\"]') where id = @id", ("id", grant.Id));
        try
        {
            var refused = (await hub.Host.Get($"/api/share-requests/{grant.Id}", hub.Department("tax"), 503))
                .Problem();
            Assert.Contains(grant.Id, refused.Detail);
            Assert.Contains(new TamperedDocument("share-request", grant.Id), await Tampered());
        }
        finally
        {
            await insider.Sql("update hub.mt_doc_sharerequestview set data = jsonb_set(data, '{grant,fields}', "
                + "'[\"uscc\"]') where id = @id", ("id", grant.Id));
        }
        var restored = (await hub.Host.Get($"/api/share-requests/{grant.Id}", hub.Department("tax")))
            .Read<ShareRequestStatus>();
        Assert.Equal(["uscc"], restored.Grant!.Fields);
        Assert.DoesNotContain(await Tampered(), d => d.Id == grant.Id);
    }

    [Fact]
    public async Task a_document_that_lost_its_digest_is_refused_too()
    {
        var (keyId, key) = await NewKey();
        await using var insider = new Tampering(hub);
        await insider.Sql("update hub.mt_doc_apikey set data = data - 'digest' where id = @id", ("id", keyId));
        try
        {
            (await hub.Host.Get("/api/departments", key, 503)).Problem();
            Assert.Contains(new TamperedDocument("api-key", keyId), await Tampered());
        }
        finally
        {
            // What the hub would do at its next start: the document rebuilt from its events.
            await using var session = hub.Store.LightweightSession();
            var rebuilt = await session.Events.AggregateStreamAsync<ApiKey>(keyId);
            session.Store(OneThing.Hub.Features.Audit.DocumentDigests.Stamp(rebuilt!));
            await session.SaveChangesAsync();
        }
        await hub.Host.Get("/api/departments", key);
    }
}
