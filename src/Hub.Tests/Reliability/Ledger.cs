using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>What a fault test found once the load was over and the hub had settled: the figures docs/OPERATIONS.md
/// reports.</summary>
public sealed record Ledger(
    string Test,
    int Requests,
    int Resent,
    int AnswersLost,
    int Unexpected,
    int FaultsInjected,
    int ApplicationsAccepted,
    int ExchangesAccepted,
    long RequestsLost,
    long ApplicationsUnfinished,
    long ExchangesUnanswered,
    long MessagesUndelivered,
    long MessagesPending,
    long DeadLetters,
    long ProcessedTwice,
    int DuplicatesDiscardedByReceivers,
    double SettleSeconds
)
{
    /// <summary>
    /// Waits until every accepted application has had its results delivered and every accepted exchange its answer,
    /// and nothing waits in Wolverine's inbox or outbox; then counts what is missing and what happened twice.
    /// </summary>
    public static async Task<Ledger> Settle(string test, Rig rig, Load load, int faults, TimeSpan within)
    {
        var started = DateTime.UtcNow;
        var applications = load.Applications.ToArray();
        var exchanges = load.Exchanges.ToArray();
        const string unfinished =
            "select count(*) from unnest(@ids) as a(id) where not exists (select 1 from hub.mt_events e where "
            + "e.stream_id = a.id and e.type = 'application_results_delivered')";
        const string unanswered =
            "select count(*) from unnest(@ids) as a(id) where not exists (select 1 from hub.mt_events e where "
            + "e.stream_id = a.id and e.type = 'exchange_answered')";
        // Every department message the applications' events name (work items, results) must have been delivered:
        // results sent are recorded with their sending, so a results message lost on its way would not show above.
        const string undelivered =
            "select count(*) from hub.mt_events d where d.stream_id = any(@ids) and d.type in ('service_dispatched', "
            + "'application_results_delivered') and not exists (select 1 from hub.mt_events m where m.type = "
            + "'message_delivered' and m.data->>'messageId' = d.data->>'messageId')";
        const string pending =
            "select (select count(*) from hub.wolverine_incoming_envelopes where status = 'Incoming') + (select "
            + "count(*) from hub.wolverine_outgoing_envelopes)";
        var until = DateTime.UtcNow + within;
        // Settled when nothing is left twice in a row, half a second apart: a message a finished case still sends (the
        // simulator rates what it was given) is pending for a moment between two quiet looks.
        for (var quiet = 0; quiet < 2 && DateTime.UtcNow < until; await Task.Delay(500))
            quiet = await rig.Scalar(unfinished, ("ids", applications)) == 0
                && await rig.Scalar(unanswered, ("ids", exchanges)) == 0
                && await rig.Scalar(undelivered, ("ids", applications)) == 0
                && await rig.Scalar(pending) == 0 ? quiet + 1 : 0;
        var settled = (DateTime.UtcNow - started).TotalSeconds;

        const string missing =
            "select count(*) from unnest(@ids) as a(id) where not exists (select 1 from hub.mt_streams s where s.id "
            + "= a.id)";
        var twice = await rig.Scalar(
            """
            select (select count(*) from (select 1 from hub.mt_events where type = 'service_completed' group by
                stream_id, data->>'service' having count(*) > 1) s)
                 + (select count(*) from (select 1 from hub.mt_events where type = 'application_results_delivered'
                     group by stream_id having count(*) > 1) r)
                 + (select count(*) from (select 1 from hub.mt_events where type = 'exchange_answered' group by
                     stream_id having count(*) > 1) x)
                 + (select count(*) from (select 1 from hub.mt_events where type = 'message_delivered' group by
                     data->>'messageId' having count(*) > 1) m)
                 + (select count(*) from (select 1 from hub.mt_events where type = 'application_submitted' group by
                     data->'applicant'->>'idNumber' having count(*) > 1) a)
            """
        );
        var stats = await rig.SimulatorStats();
        return new Ledger(
            test,
            load.Requests,
            load.Resent,
            load.AnswersLost,
            load.Unexpected,
            faults,
            applications.Length,
            exchanges.Length,
            await rig.Scalar(missing, ("ids", applications)) + await rig.Scalar(missing, ("ids", exchanges)),
            await rig.Scalar(unfinished, ("ids", applications)),
            await rig.Scalar(unanswered, ("ids", exchanges)),
            await rig.Scalar(undelivered, ("ids", applications)),
            await rig.Scalar(pending),
            await rig.Scalar("select count(*) from hub.wolverine_dead_letters"),
            twice,
            stats["duplicates"],
            Math.Round(settled, 1)
        );
    }

    /// <summary>Accepted work that never finished: requests not in the store, applications without their results,
    /// exchanges without their answer, department messages never delivered.</summary>
    public long Lost => RequestsLost + ApplicationsUnfinished + ExchangesUnanswered + MessagesUndelivered;

    /// <summary>What the checks below accept: nothing lost, left waiting, dead-lettered or done twice.</summary>
    public bool Clean(bool deadLettersAllowed = false) =>
        Unexpected == 0 && ApplicationsAccepted > 0 && ExchangesAccepted > 0 && Lost == 0 && MessagesPending == 0
        && (deadLettersAllowed || DeadLetters == 0) && ProcessedTwice == 0;

    /// <summary>Writes the figures beside the test run (.hub/figures) and into the test's output, then checks
    /// them.</summary>
    public void AssertNothingLostNothingTwice(
        ITestOutputHelper output,
        IEnumerable<string> surprises,
        bool deadLettersAllowed = false
    )
    {
        var json = JsonSerializer.Serialize(
            this,
            new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }
        );
        output.WriteLine(json);
        var folder = Path.Combine(Repo.Root(), ".hub", "figures");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{Test}.json"), json);

        Assert.True(Unexpected == 0, $"Unexpected answers: {string.Join(" | ", surprises.Take(5))}");
        Assert.True(ApplicationsAccepted > 0 && ExchangesAccepted > 0, "the load did something");
        Assert.Equal(0, RequestsLost);
        Assert.Equal(0, ApplicationsUnfinished);
        Assert.Equal(0, ExchangesUnanswered);
        Assert.Equal(0, MessagesUndelivered);
        Assert.Equal(0, MessagesPending);
        if (!deadLettersAllowed)
            Assert.Equal(0, DeadLetters);
        Assert.Equal(0, ProcessedTwice);
    }
}
