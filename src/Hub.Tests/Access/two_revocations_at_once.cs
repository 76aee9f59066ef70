using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Access;

/// <summary>
/// Revocation once locked the key's stream. Without the lock, revocations that race are settled by the stream's
/// version: one is stored, every other is a 409, and never a second revocation or a 5xx.
/// </summary>
public sealed class two_revocations_at_once(HubFixture hub)
{
    [Fact]
    public async Task store_one_revocation_and_answer_the_others_409()
    {
        var issued = await hub.Enrol("water", "race");

        var racers = Enumerable.Range(0, 6).Select(i => hub.Host.Scenario(s =>
        {
            s.Post.Json(new RevokeApiKey($"race {i}")).ToUrl($"/api/departments/water/keys/{issued.KeyId}/revocation");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.Coordinator}");
            s.IgnoreStatusCode();
        }));
        var statuses = (await Task.WhenAll(racers)).Select(r => r.Context.Response.StatusCode).Order().ToList();

        Assert.Equal([204, 409, 409, 409, 409, 409], statuses);
        await using var session = hub.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(issued.KeyId);
        Assert.Single(events, e => e.Data is ApiKeyRevoked);
        await hub.Host.Get("/api/departments", issued.Key, 401);
    }
}
