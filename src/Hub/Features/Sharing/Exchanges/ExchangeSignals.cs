using System.Collections.Concurrent;
using Marten;
using Marten.Services;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

/// <summary>
/// Wakes a consumer's waiting exchange request the moment its answer is committed on this node, instead of the
/// request polling the database every 25 ms (16 waiting requests were 640 queries a second). An answer committed
/// on another node is still found: the waiter looks in the database at a slower pace as well.
/// </summary>
public static class ExchangeSignals
{
    /// <summary>How often a waiting request looks in the database for an answer that another node committed.</summary>
    public static readonly TimeSpan FallbackPoll = TimeSpan.FromMilliseconds(250);

    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Waiting = new();

    /// <summary>Registers a waiter before the query is routed, so an answer cannot slip in unseen.</summary>
    public static Waiter Wait(string exchangeId) =>
        new(exchangeId, Waiting.GetOrAdd(exchangeId,
            _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

    public sealed class Waiter(string id, TaskCompletionSource signal) : IDisposable
    {
        private bool _woken;

        /// <summary>True when an answer was committed here; false when it is time to look in the database
        /// anyway.</summary>
        public async Task<bool> Next(DateTime until, CancellationToken ct)
        {
            var wait = until - DateTime.UtcNow;
            if (wait <= TimeSpan.Zero) return false;
            wait = wait < FallbackPoll ? wait : FallbackPoll;
            if (_woken)   // the signal is spent (an answer that did not settle it): back to plain polling
            {
                await Task.Delay(wait, ct);
                return false;
            }
            try
            {
                await signal.Task.WaitAsync(wait, ct);
                return _woken = true;
            }
            catch (TimeoutException) { return false; }
        }

        public void Dispose() => Waiting.TryRemove(new KeyValuePair<string, TaskCompletionSource>(id, signal));
    }

    /// <summary>Waits until the exchange is answered (or its answer found invalid) or the time is up. Woken when the
    /// answer is committed on this node; otherwise it looks in the database now and then, since the provider's reply
    /// may reach another node.</summary>
    public static async Task<ExchangeView?> Settled(Waiter waiter, string id, IDocumentStore store, DateTime until,
        CancellationToken ct)
    {
        while (DateTime.UtcNow < until)
        {
            await waiter.Next(until, ct);
            await using var look = store.QuerySession();
            var exchange = await look.LoadAsync<ExchangeView>(id, ct);
            if (exchange?.State is ExchangeStates.Answered or ExchangeStates.Invalid) return exchange;
        }
        return null;
    }

    /// <summary>After a commit (never before: the waiter reads what was committed), signal the answered
    /// exchanges.</summary>
    public sealed class Listener : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            foreach (var e in commit.GetEvents())
                if (e.Data is ExchangeAnswered or ExchangeAnswerInvalid && e.StreamKey is { } id
                    && Waiting.TryGetValue(id, out var signal))
                    signal.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
