using System.Linq.Expressions;
using System.Text.Json;
using Marten;
using Npgsql;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Platform;

/// <summary>
/// What the lists' paging rests on: a cursor's time is the instant PostgreSQL reads from the stored document, and
/// every filter and order of every list is served by an index (the query each list sends, as Marten writes it,
/// planned with sequential scans off: a filter no index serves would still show a sequential scan).
/// </summary>
public sealed class paging_and_its_indexes(HubFixture hub)
{
    [Fact]
    public async Task a_cursor_time_is_the_instant_postgresql_reads_from_the_json_of_the_document()
    {
        var random = new Random(20261202);
        var times = Enumerable.Range(0, 5000).Select(_ => new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)
                .AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay)).ToOffset(TimeSpan.FromHours(random.Next(2) * 8)))
            .ToList();
        // The text Marten stores, read back as Marten's indexes and comparisons read it.
        var serializer = hub.Store.Options.Serializer();
        var texts = times.Select(t => JsonDocument.Parse(serializer.ToJson(new { at = t })).RootElement
            .GetProperty("at").GetString()!).ToArray();
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new NpgsqlCommand(
            "select hub.mt_immutable_timestamptz(t) from unnest(@texts) with ordinality as x(t, n) order by n",
            connection);
        read.Parameters.AddWithValue("texts", texts);
        var stored = new List<DateTimeOffset>();
        await using (var rows = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await rows.ReadAsync(TestContext.Current.CancellationToken))
                stored.Add(rows.GetFieldValue<DateTimeOffset>(0));

        Assert.Equal(stored, times.Select(Paging.AsStored));
        // Without it, a cursor would miss the stored instant for a good part of the rows (Npgsql truncates).
        Assert.True(times.Zip(stored).Count(p => p.First.UtcTicks / 10 * 10 != p.Second.UtcTicks) > 1000);
    }

    private static readonly PageQuery After = new(50, [Paging.Time(DateTimeOffset.UtcNow), Guid.NewGuid().ToString()]);

    public static TheoryData<string, string> Filters() => new()
    {
        { "applications", "listed" }, { "applications", "front_office_listed" },
        { "applications", "one_thing_listed" }, { "applications", "state_listed" },
        { "applications", "departments" },
        { "share-requests", "listed" }, { "share-requests", "consumer_listed" },
        { "share-requests", "provider_listed" }, { "share-requests", "resource_listed" },
        { "share-requests", "state_listed" },
        { "exchanges", "consumer_listed" }, { "exchanges", "provider_listed" }, { "exchanges", "resource_listed" },
        { "exchanges", "state_listed" },
        { "quality-reports", "consumer_listed" }, { "quality-reports", "provider_listed" },
        { "quality-reports", "resource_listed" }, { "quality-reports", "state_listed" },
        { "disputes", "consumer_listed" }, { "disputes", "provider_listed" }, { "disputes", "resource_listed" },
        { "disputes", "state_listed" },
        { "sla-breaches", "listed" }, { "keys", "department_listed" },
        { "deliveries", "department_listed" }, { "deliveries", "outcome_listed" },
        { "dead-letters", "department_listed" }, { "dead-letters", "state_listed" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task every_filter_and_order_of_every_list_is_an_index_seek(string list, string index)
    {
        await using var session = hub.Store.QuerySession();
        var (command, table) = Query(session, list, index);
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await new NpgsqlCommand("set local enable_seqscan = off", connection, transaction).ExecuteNonQueryAsync();
        // On a table of a handful of rows, walking any other index of the table (the plain order one, or another
        // filter's) and filtering costs the planner as little as the filter's own index, and it picks either
        // (disputes in CI). Without the others, for this transaction only (DDL in PostgreSQL is transactional, and it
        // is rolled back), the plan shows whether the filter's index serves the filter and the order, which is what
        // this test is for. The primary key stays: it is what a sequential scan would be replaced with.
        await new NpgsqlCommand("set local lock_timeout = '5s'", connection, transaction).ExecuteNonQueryAsync();
        var others = new List<string>();
        await using (var indexes = new NpgsqlCommand("""
            select i.indexname from pg_indexes i
             where i.schemaname = 'hub' and i.tablename = @table and i.indexname <> @keep
               and i.indexname not like '%pkey%'
            """, connection, transaction))
        {
            indexes.Parameters.AddWithValue("table", $"mt_doc_{table}");
            indexes.Parameters.AddWithValue("keep", $"mt_doc_{table}_idx_{index}");
            await using var reader = await indexes.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) others.Add(reader.GetString(0));
        }
        foreach (var other in others)
            await new NpgsqlCommand($"drop index hub.\"{other}\"", connection, transaction).ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("explain (format json) " + command.CommandText, connection,
            transaction);
        foreach (NpgsqlParameter p in command.Parameters) explain.Parameters.Add(p.Clone());
        var plan = (string)(await explain.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;

        Assert.False(plan.Contains("Seq Scan"), $"a sequential scan for {list} by {index}: {plan}");
        Assert.True(plan.Contains($"\"Index Name\": \"mt_doc_{table}_idx_{index}\""),
            $"{list} by {index} does not use its index: {plan}");
    }

    private static (NpgsqlCommand, string) Query(IQuerySession session, string list, string index) => list switch
    {
        "applications" => (Applications(session, index).ToCommand(), "applicationview"),
        "share-requests" => (Sharing(session, ListShareRequestsEndpoint.Shape, index), "sharerequestview"),
        "exchanges" => (Sharing(session, ListExchangesEndpoint.Shape, index), "exchangeview"),
        "quality-reports" => (Sharing(session, ListQualityReportsEndpoint.Shape, index), "qualityreportview"),
        "disputes" => (Sharing(session, ListDisputesEndpoint.Shape, index), "disputeview"),
        "deliveries" => (Deliveries(session, index).ToCommand(), "deliveryattemptview"),
        "dead-letters" => (DeadLetters(session, index).ToCommand(), "deadletterview"),
        "sla-breaches" => (session.Query<SlaBreachDoc>()
            .Seek(After, b => b.NoticedAt, b => b.Id, newestFirst: true).ToCommand(), "slabreachdoc"),
        _ => (session.Query<ApiKey>().Where(k => k.Department == "tax").Seek(After, k => k.IssuedAt, k => k.Id)
            .ToCommand(), "apikey"),
    };

    // The queries a department's delivery log sends: its own attempts, of an outcome, within a time, newest first.
    private static IQueryable<DeliveryAttemptView> Deliveries(IQuerySession session, string index)
    {
        var rows = session.Query<DeliveryAttemptView>().Where(a => a.Department == "tax");
        if (index == "outcome_listed") rows = rows.Where(a => a.Outcome == "failed");
        var from = DateTimeOffset.UtcNow.AddDays(-1);
        return rows.Where(a => a.At >= from).Seek(After, a => a.At, a => a.Id, newestFirst: true);
    }

    private static IQueryable<DeadLetterView> DeadLetters(IQuerySession session, string index)
    {
        var rows = session.Query<DeadLetterView>().Where(d => d.Department == "tax");
        if (index == "state_listed") rows = rows.Where(d => d.State == "dead");
        return rows.Seek(After, d => d.DeadLetteredAt, d => d.Id, newestFirst: true);
    }

    // The queries ListApplications sends: each filter, then the keyset.
    private static IQueryable<ApplicationView> Applications(IQuerySession session, string index)
    {
        IQueryable<ApplicationView> views = session.Query<ApplicationView>();
        views = index switch
        {
            "front_office_listed" => views.Where(v => v.FrontOffice == "district-heping"),
            "one_thing_listed" => views.Where(v => v.OneThing == "newborn"),
            "state_listed" => views.Where(v => v.State == "completed"),
            "departments" => views.Where(v => v.Departments.IsSupersetOf("tax")),
            _ => views,
        };
        return views.Seek(After, v => v.SubmittedAt, v => v.Id);
    }

    // The query SharingLists sends for one filter (a party's side is the same query with its own code).
    private static NpgsqlCommand Sharing<T>(IQuerySession session, SharingListShape<T> shape, string index)
        where T : notnull
    {
        var member = index switch
        {
            "consumer_listed" => shape.Consumer,
            "provider_listed" => shape.Provider,
            "resource_listed" => shape.Resource,
            "state_listed" => shape.State,
            _ => null,
        };
        IQueryable<T> rows = session.Query<T>();
        if (member is not null)
            rows = rows.Where(Expression.Lambda<Func<T, bool>>(
                Expression.Equal(member.Body, Expression.Constant("tax")), member.Parameters));
        return rows.Seek(After, shape.At, shape.Id).ToCommand();
    }
}
