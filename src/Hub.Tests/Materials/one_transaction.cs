using System.Security.Cryptography;
using Marten;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Materials;
using OneThing.Hub.Tests.Infrastructure;
using Weasel.Core;
using Wolverine.Marten;

namespace OneThing.Hub.Tests.Materials;

/// <summary>
/// The content row and the material's stream are one write: what the upload endpoint returns (a stream start and a
/// content op) is applied here to a session, as Wolverine does, with something made to fail.
/// </summary>
public sealed class one_transaction(HubFixture hub)
{
    private static (MaterialUploaded, byte[]) Upload(byte[]? bytes = null)
    {
        var file = bytes ?? MaterialFiles.Pdf();
        var id = Guid.CreateVersion7().ToString();
        return (new MaterialUploaded(id, Convert.ToHexStringLower(SHA256.HashData(file)), MaterialMediaTypes.Pdf,
            file.Length, "合同", MaterialFiles.Window, "test", DateTimeOffset.UtcNow), file);
    }

    private static void Queue(IDocumentSession session, MaterialUploaded e, byte[] file, string? sha = null)
    {
        MartenOps.StartStream<MaterialView>(MaterialView.StreamKey(e.MaterialId), e).Execute(session);
        new StoreMaterialContent(sha ?? e.Sha256, e.MediaType, file.Length, new MemoryStream(file)).Execute(session);
    }

    [Fact]
    public async Task a_failed_event_append_leaves_no_content_row()
    {
        var (first, _) = Upload();
        await using (var session = hub.Store.LightweightSession())
        {
            MartenOps.StartStream<MaterialView>(first.MaterialId, first).Execute(session);
            await session.SaveChangesAsync();
        }
        // Another upload that, by a fault, reuses that material id: its stream cannot start.
        var (again, file) = Upload();
        again = again with { MaterialId = first.MaterialId };

        await using (var session = hub.Store.LightweightSession())
        {
            Queue(session, again, file);
            await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
        }

        Assert.Equal(0, await hub.ContentRows(again.Sha256));
    }

    [Fact]
    public async Task bytes_that_are_not_what_their_hash_says_are_refused_with_their_event()
    {
        var (uploaded, file) = Upload();
        var before = await hub.Stored();

        await using (var session = hub.Store.LightweightSession())
        {
            Queue(session, uploaded, file[..^1]);
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
            Assert.Contains("material_contents_", (refused.InnerException ?? refused).Message);
        }

        Assert.Equal(before, await hub.Stored());
    }

    [Fact]
    public async Task two_uploads_of_one_content_at_once_both_commit_over_one_row()
    {
        // The race the insert's "on conflict do nothing" settles: both found no row for the hash before writing.
        var (a, file) = Upload();
        var (b, _) = Upload(file);
        await using var first = hub.Store.LightweightSession();
        await using var second = hub.Store.LightweightSession();
        Queue(first, a, file);
        Queue(second, b, file);

        await Task.WhenAll(first.SaveChangesAsync(), second.SaveChangesAsync());

        Assert.Equal(1, await hub.ContentRows(a.Sha256));
        await using var query = hub.Store.QuerySession();
        Assert.Equal(2, (await query.LoadManyAsync<MaterialView>(a.MaterialId, b.MaterialId)).Count);
    }

    [Fact]
    public async Task the_content_table_is_as_the_migrations_declare_it()
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        var delta = await MaterialContents.Table("hub").FindDeltaAsync(connection);
        Assert.Equal(SchemaPatchDifference.None, delta.Difference);
    }
}
