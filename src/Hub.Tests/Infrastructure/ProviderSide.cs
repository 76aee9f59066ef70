using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Tests.Applications;

namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>
/// A provider's system played by a test: it answers the exchange queries about one person that reach the provider's
/// inbox, with the records it holds, until disposed. Disposing always stops it, so that a failed test never leaves
/// it taking the provider's messages from the tests after it.
/// </summary>
public sealed class ProviderSide : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _answering;

    public ProviderSide(HubFixture hub, string provider, string about, Func<ExchangeQuery, object[]> records) =>
        _answering = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var messages = await hub.Inbox(provider, about, atLeast: 1, within: TimeSpan.FromMilliseconds(300));
                foreach (var query in messages.Where(m => m.Kind == "exchange-query")
                             .Select(m => m.Payload<ExchangeQuery>()))
                {
                    // 202 while the hub still hands the answer over, 200 once it has: either is a success.
                    var answer = await hub.Host.Scenario(s =>
                    {
                        s.Post.Json(new ExchangeReply([.. records(query).Select(r =>
                            JsonSerializer.SerializeToElement(r))]), Alba.JsonStyle.MinimalApi).ToUrl(query.ReplyUrl);
                        s.WithRequestHeader("Authorization", $"Bearer {hub.Department(provider)}");
                        s.IgnoreStatusCode();
                    });
                    if (answer.Context.Response.StatusCode is not (200 or 202))
                        throw new InvalidOperationException(
                            $"The hub refused {provider}'s reply: {answer.Context.Response.StatusCode}");
                }
            }
        });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _answering;
        }
        finally
        {
            _stop.Dispose();
        }
    }
}

public static class ProviderSides
{
    public static ProviderSide Answering(this HubFixture hub, string provider, string about,
        Func<ExchangeQuery, object[]> records) => new(hub, provider, about, records);
}
