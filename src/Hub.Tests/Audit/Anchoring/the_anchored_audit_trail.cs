using Marten;
using Microsoft.Extensions.Logging;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Audit.Anchoring;

[Collection(AuditTrailCollection.Name)]
public sealed class the_anchored_audit_trail(HubFixture hub)
{
    [Fact]
    public async Task a_history_edited_after_its_seals_and_chain_were_deleted_is_not_sealed_again_and_is_named()
    {
        await using var insider = new Tampering(hub);
        var (seq, _) = await insider.NewFact();
        Assert.Equal("intact", (await insider.SealedVerification()).Status);
        var batch = await insider.Scalar<long>("select batch from hub.audit_chain where seq_id = @s", ("s", seq));
        var first = await insider.Scalar<long>("select from_seq from hub.audit_seals where batch = @b", ("b", batch));

        await insider.DeleteSealsFrom(batch, seq);
        await insider.Seal(); // the hub's own sealer, as it runs every second
        var verification = await insider.Verification();

        Assert.Equal(0L, await insider.Scalar<long>("select count(*) from hub.audit_seals where batch >= @b",
            ("b", batch)));
        Assert.Equal(("tampered", first, "seal-missing"),
            (verification.Status, verification.FirstProblem!.Sequence, verification.FirstProblem.Problem));
        Assert.Contains("witness", verification.Detail);

        await insider.Restore();
        Assert.Equal("intact", (await insider.SealedVerification()).Status);
    }

    [Fact]
    public async Task a_history_re_sealed_by_a_sealer_that_ignores_the_witness_is_told_apart_by_the_witness()
    {
        await using var insider = new Tampering(hub);
        var (seq, _) = await insider.NewFact();
        Assert.Equal("intact", (await insider.SealedVerification()).Status);
        var batch = await insider.Scalar<long>("select batch from hub.audit_chain where seq_id = @s", ("s", seq));
        var first = await insider.Scalar<long>("select from_seq from hub.audit_seals where batch = @b", ("b", batch));

        // As the hub sealed before anchoring: the audit key signs whatever the tables say, and nothing else looks.
        await insider.DeleteSealsFrom(batch, seq);
        var witness = hub.Host.Services.GetRequiredService<IAuditWitness>();
        var forgetful =
            new ForgetfulWitness((await witness.ReadAllAsync(default)).Where(w => w.Batch < batch).ToList());
        var resealer = new AuditChain(hub.Store, hub.Host.Services.GetRequiredService<SecretBox>(),
            hub.Host.Services.GetRequiredService<IAuditKeyProvider>(), forgetful,
            hub.Host.Services.GetRequiredService<ILogger<AuditChain>>());
        Assert.True(await resealer.SealAsync(default) > 0);
        Assert.Equal(batch, await insider.Scalar<long>("select min(batch) from hub.audit_seals where batch >= @b",
            ("b", batch)));

        var verification = await insider.Verification();
        Assert.Equal(("tampered", first, "resealed"),
            (verification.Status, verification.FirstProblem!.Sequence, verification.FirstProblem.Problem));

        await insider.Restore();
        Assert.Equal("intact", (await insider.SealedVerification()).Status);
    }

    [Fact]
    public async Task every_seal_chains_to_the_one_before_and_stands_in_the_witness_file_as_the_database_has_it()
    {
        await using var insider = new Tampering(hub);
        await insider.NewFact();
        var verification = await insider.SealedVerification();
        Assert.Equal("intact", verification.Status);
        Assert.True(verification.SealsWitnessed >= verification.SealsChecked - 1);

        var lines = (await File.ReadAllLinesAsync(hub.AuditWitness)).Select(FileAuditWitness.Parse).ToList();
        Assert.All(lines, Assert.NotNull);
        var witnessed = lines.Select(l => l!).ToList();
        Assert.Null(ProofCheck.WitnessChainProblem(witnessed));
        Assert.Equal(AuditChain.Genesis, witnessed[0].Previous);
        var key = hub.Host.Services.GetRequiredService<IAuditKeyProvider>();
        Assert.All(witnessed, w => Assert.Equal(key.KeyId, w.KeyId));
        var newest = witnessed[^1];
        Assert.Equal(newest.Seal, ProofCheck.SealHash(newest.Batch, newest.FromSequence, newest.ToSequence,
            newest.Digest, await insider.Scalar<string>("select previous from hub.audit_seals where batch = @b",
                ("b", newest.Batch))));
        // The key is not in the database any more: a database writer has nothing to sign with.
        Assert.Equal(0L, await insider.Scalar<long>("select count(*) from hub.audit_key"));
    }

    [Fact]
    public async Task a_proof_bundle_checks_offline_against_the_witness_file_and_fails_against_a_witness_without_it()
    {
        await using var insider = new Tampering(hub);
        var (_, correlation) = await insider.NewFact();
        await insider.SealedVerification();
        var bundle = (await hub.Host.Get($"/api/audit/proof?correlation={correlation}", hub.Keys.Governance))
            .Read<ProofBundle>();
        var witness = (await File.ReadAllLinesAsync(hub.AuditWitness)).Select(FileAuditWitness.Parse)
            .OfType<WitnessEntry>().ToList();

        Assert.Null(ProofCheck.WitnessProblem(bundle, witness));
        var seal = bundle.Seals[0];
        Assert.Contains("never saw", ProofCheck.WitnessProblem(bundle, [.. witness.Where(w => w.Batch < seal.Batch)]));
        // A bundle whose seal was made again over an edited history carries another seal hash than the witness's.
        var resealed = bundle with { Seals = [seal with { Previous = new string('1', 64) }, .. bundle.Seals.Skip(1)] };
        Assert.NotNull(ProofCheck.WitnessProblem(resealed, witness));
    }

    /// <summary>A witness that has forgotten the seals from a batch on, and drops what it is told.</summary>
    private sealed class ForgetfulWitness(IReadOnlyList<WitnessEntry> kept) : IAuditWitness
    {
        public string Name => "a forgetful witness";

        public Task PublishAsync(WitnessEntry entry, CancellationToken ct) => Task.CompletedTask;

        public Task<WitnessEntry?> LastAsync(CancellationToken ct) => Task.FromResult(kept.LastOrDefault());

        public Task<IReadOnlyList<WitnessEntry>> ReadAllAsync(CancellationToken ct) => Task.FromResult(kept);
    }
}
