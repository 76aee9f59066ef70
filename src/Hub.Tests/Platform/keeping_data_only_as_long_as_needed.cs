using System.Text.Json;
using Marten;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Platform;

/// <summary>Stores that only carry data on its way are emptied once their retention is over (docs/OPERATIONS.md);
/// what is still needed stays.</summary>
public sealed class keeping_data_only_as_long_as_needed(HubFixture hub)
{
    private static InboxItem Item(DateTimeOffset enqueued, DateTimeOffset? acked)
    {
        var message = new DepartmentMessage(Guid.NewGuid(), MessageKinds.WorkItem, "water", "retention", enqueued,
            JsonSerializer.SerializeToElement(new { note = "保留期限测试" }));
        var item = InboxItem.Enqueue(message, enqueued);
        item.AckedAt = acked;
        return item;
    }

    private async Task<object?> Scalar(string sql, object id, int days = 0)
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("days", days);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task acknowledged_messages_unpicked_answers_and_dead_letters_past_their_retention_are_deleted()
    {
        // Real time, not the shared test clock: other tests' rows are all younger than any retention.
        var now = DateTimeOffset.UtcNow;
        var options = hub.Host.Services.GetRequiredService<HubOptions>();
        var oldAcked = Item(now.AddDays(-60), now - options.InboxRetention - TimeSpan.FromDays(1));
        var recentAcked = Item(now.AddDays(-2), now.AddDays(-1));
        var neverAcked = Item(now.AddDays(-60), null);
        var pickup = new ExchangePickup { Id = Guid.NewGuid().ToString(), Records = [] };
        await using (var session = hub.Store.LightweightSession())
        {
            session.Store(oldAcked, recentAcked, neverAcked);
            session.Store(pickup);
            await session.SaveChangesAsync();
        }
        var letter = Guid.NewGuid();
        await Scalar("""
            update hub.mt_doc_exchangepickup set mt_last_modified = now() - make_interval(days => @days)
            where id = @id
            """, pickup.Id, options.PickupRetention.Days + 1);
        await Scalar("""
            insert into hub.wolverine_dead_letters (id, body, message_type, failed_at, sent_at)
            values (@id, '\x00'::bytea, 'retention-test', now() - make_interval(days => @days),
                now() - make_interval(days => @days))
            """, letter, options.DeadLetterRetention.Days + 1);

        var purged = await hub.Host.Services.GetRequiredService<Retention>().PurgeAsync(now, CancellationToken.None);

        Assert.True(purged is { InboxItems: >= 1, Pickups: >= 1, DeadLetters: >= 1 }, purged.ToString());
        await using var query = hub.Store.QuerySession();
        Assert.Null(await query.LoadAsync<InboxItem>(oldAcked.Id));
        Assert.NotNull(await query.LoadAsync<InboxItem>(recentAcked.Id));
        Assert.NotNull(await query.LoadAsync<InboxItem>(neverAcked.Id)); // not yet taken: it must still be delivered
        Assert.Null(await query.LoadAsync<ExchangePickup>(pickup.Id));
        Assert.Equal(0L, await Scalar("select count(*) from hub.wolverine_dead_letters where id = @id", letter));
    }
}
