using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Audit.Anchoring;

/// <summary>What an insider with SQL access does to the audit tables, and how each test puts them back (the fixture's
/// database is everyone's).</summary>
public sealed class Tampering(HubFixture hub) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public async Task<NpgsqlConnection> Connection()
    {
        if (_connection is not null)
            return _connection;
        _connection = new NpgsqlConnection(hub.ConnectionString);
        await _connection.OpenAsync();
        return _connection;
    }

    public async Task Sql(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, await Connection());
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, await Connection());
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public Task Seal() => hub.Host.Services.GetRequiredService<AuditChain>().SealAsync(CancellationToken.None);

    /// <summary>Verification once everything committed so far is sealed.</summary>
    public async Task<AuditVerification> SealedVerification()
    {
        var newest = await Scalar<long>("select max(seq_id) from hub.mt_events");
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            await Seal();
            if (await Scalar<long>("select coalesce(max(seq_id), 0) from hub.audit_chain") >= newest)
                break;
            await Task.Delay(100);
        }
        return await Verification();
    }

    public async Task<AuditVerification> Verification() =>
        (await hub.Host.Get("/api/audit/verification", hub.Keys.Governance)).Read<AuditVerification>();

    /// <summary>A fact of a department's registration, with a correlation of its own; its sequence number.</summary>
    public async Task<(long Sequence, string Correlation)> NewFact()
    {
        var code = $"unit-{Guid.NewGuid():N}"[..20];
        var correlation = Guid.NewGuid().ToString("N");
        await hub.Host.Scenario(s =>
        {
            s.Post.Json(new Department(code, "锚定测试单位", "天津市锚定测试单位", DepartmentKinds.CityDepartment, "city"))
                .ToUrl("/api/departments");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.Coordinator}");
            s.WithRequestHeader(Correlation.Header, correlation);
            s.StatusCodeShouldBe(201);
        });
        return (await Scalar<long>("select seq_id from hub.mt_events where correlation_id = @c", ("c", correlation)),
            correlation);
    }

    /// <summary>
    /// The attack of issue 17: an event under seal <paramref name="batch"/> is edited, and the chain and the seals
    /// from that batch on are deleted, so that the hub would seal the edited history again. The sealer is kept out
    /// while the rows go (its advisory lock); what was there is kept aside for <see cref="Restore"/>.
    /// </summary>
    public async Task DeleteSealsFrom(long batch, long editedEvent)
    {
        await Sql($"select pg_advisory_lock({AuditChain.SealLock})");
        try
        {
            await Sql("""
                create temp table kept_chain as select * from hub.audit_chain where batch >= @b;
                create temp table kept_seals as select * from hub.audit_seals where batch >= @b;
                create temp table kept_event as select * from hub.mt_events where seq_id = @seq;
                update hub.mt_events set data = jsonb_set(data, '{name}', '"改过的名字"') where seq_id = @seq;
                delete from hub.audit_chain where batch >= @b;
                delete from hub.audit_seals where batch >= @b;
                """, ("b", batch), ("seq", editedEvent));
            _restoreFrom = batch;
        }
        finally
        {
            await Sql($"select pg_advisory_unlock({AuditChain.SealLock})");
        }
    }

    private long? _restoreFrom;

    /// <summary>The event, chain and seals as they were; whatever was sealed in between goes.</summary>
    public async Task Restore()
    {
        if (_restoreFrom is not { } batch)
            return;
        await Sql($"select pg_advisory_lock({AuditChain.SealLock})");
        try
        {
            await Sql("""
                update hub.mt_events e set data = k.data from kept_event k where e.seq_id = k.seq_id;
                delete from hub.audit_chain where batch >= @b;
                delete from hub.audit_seals where batch >= @b;
                insert into hub.audit_chain select * from kept_chain;
                insert into hub.audit_seals select * from kept_seals;
                drop table kept_chain; drop table kept_seals; drop table kept_event;
                """, ("b", batch));
            _restoreFrom = null;
        }
        finally
        {
            await Sql($"select pg_advisory_unlock({AuditChain.SealLock})");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Restore();
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}
