using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// The event store's base: string stream keys (codes and GUIDs), full event metadata, the async daemon's wake-ups.
/// Each feature adds its own projections and documents (Program.cs).
/// </summary>
public static class HubStore
{
    public static void Configure(StoreOptions opts, HubOptions hub)
    {
        opts.Connection(hub.Database);
        opts.DatabaseSchemaName = "hub";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Listeners.Add(new Idempotency.CommitMark());

        // An append wakes the daemon's high-water agent through LISTEN/NOTIFY instead of waiting for its next poll
        // (250 ms busy, 1 s quiet); polling stays as the fallback (docs/BENCHMARKS.md).
        opts.Events.UseListenNotifyForEventAppends = hub.DaemonNotify;
        opts.Projections.FastPollingTime = hub.DaemonPolling;
    }
}
