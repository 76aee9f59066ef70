using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Audit;

public static class AuditVerificationEndpoints
{
    /// <summary>
    /// Recomputes the hash chain from the stored events and checks every signed seal, each seal's link to the one
    /// before, and the seals against the witness outside the database: the first event that was changed, deleted or
    /// inserted behind the hub's back is named, and so is a history re-sealed after its seals were deleted. The
    /// documents that grant rights are checked against their digests; those edited are listed. Events newer than the
    /// last seal are not yet covered (they are sealed within a second or two of their commit).
    /// </summary>
    [WolverineGet("/api/audit/verification"), Authorize(Roles = Roles.Governance)]
    public static async Task<AuditVerification> Verify(
        IDocumentStore store,
        SecretBox box,
        IAuditKeyProvider key,
        IAuditWitness witness,
        CancellationToken ct)
    {
        var tampered = await DocumentDigests.Tampered(store, ct);
        var verification = await VerifyChain(store, box, key, witness, ct);
        if (tampered.Count == 0) return verification;
        var names = string.Join(", ", tampered.Take(10).Select(d => $"{d.Type} {d.Id}"));
        return verification with
        {
            Status = "tampered",
            Detail = $"{tampered.Count} documents that grant rights were edited behind the hub's back ({names}); "
                + verification.Detail,
            FirstProblem = verification.FirstProblem ?? new AuditProblem(0, "document-changed"),
            TamperedDocuments = tampered,
        };
    }

    private static async Task<AuditVerification> VerifyChain(
        IDocumentStore store,
        SecretBox box,
        IAuditKeyProvider key,
        IAuditWitness witness,
        CancellationToken ct)
    {
        // The witness before the snapshot: a seal is published only once committed, so every seal the witness saw is
        // in the snapshot, unless it was deleted.
        var seen = (await witness.ReadAllAsync(ct)).ToDictionary(w => w.Batch);
        var seenUpTo = seen.Count == 0 ? 0 : seen.Keys.Max();
        // One snapshot for the seals and the chain: a seal committed while this runs must not look like a deleted one.
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var snapshot =
            await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var legacyKey = await LegacyAuditKey.PublicKey(connection, ct);
        var sealedUpTo = 0L;
        var seals = 0;
        var witnessed = 0;
        var previousSeal = AuditChain.Genesis;
        await using (var read = new NpgsqlCommand($"""
            select {AuditChain.SealColumns}, string_agg(c.hash, '' order by c.seq_id), min(c.seq_id), max(c.seq_id)
            from hub.audit_seals s left join hub.audit_chain c on c.batch = s.batch group by s.batch order by s.batch
            """, connection))
        await using (var r = await read.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var seal = AuditChain.StoredSeal.Read(r);
                var (batch, from, to, digest) = (seal.Batch, seal.From, seal.To, seal.Digest);
                seen.TryGetValue(batch, out var saw);
                // The key the witness recorded for the seal, else the hub's own (or, before anchoring, the old one).
                var publicKey = saw?.PublicKey
                    ?? (seal.KeyId == key.KeyId ? key.PublicKey : seal.KeyId is null ? legacyKey : null);
                if (publicKey is null || !Signed(publicKey, seal))
                    return new AuditVerification("tampered", 0, sealedUpTo, seals,
                        $"Seal {batch} does not carry the hub's signature.",
                        new AuditProblem(from, "seal-forged"), witnessed);
                // Seals are numbered 1, 2, 3… and each covers exactly its chain rows: a deleted seal leaves a gap or a
                // mismatch.
                if (batch != seals + 1 || r.IsDBNull(8) || r.GetInt64(8) != from || r.GetInt64(9) != to)
                    return new AuditVerification("tampered", 0, sealedUpTo, seals,
                        $"Seal {seals + 1} is missing or does not cover its chain.",
                        new AuditProblem(from, "seal-missing"), witnessed);
                if (seal.Previous is not null && seal.Previous != previousSeal)
                    return new AuditVerification("tampered", 0, sealedUpTo, seals,
                        $"Seal {batch} does not chain to seal {batch - 1}.",
                        new AuditProblem(from, "seal-unchained"), witnessed);
                if (saw is not null && saw.Seal != seal.Hash)
                    return new AuditVerification("tampered", 0, sealedUpTo, seals,
                        $"Seal {batch} is not the seal {batch} the witness ({witness.Name}) saw: the history from "
                        + $"event {saw.FromSequence} on was re-sealed.",
                        new AuditProblem(saw.FromSequence, "resealed"), witnessed);
                var hashes = r.IsDBNull(7) ? "" : r.GetString(7);
                if (Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(hashes))) != digest)
                    return new AuditVerification("tampered", 0, sealedUpTo, seals,
                        $"The chain under seal {batch} was changed.",
                        new AuditProblem(from, "chain-changed"), witnessed);
                (sealedUpTo, seals, previousSeal) = (to, seals + 1, seal.Hash);
                if (saw is not null) witnessed++;
            }

        // What the witness saw and the database no longer holds: seals (and their chain) deleted.
        if (seenUpTo > seals)
        {
            var missing = seen[seals + 1];
            return new AuditVerification("tampered", 0, sealedUpTo, seals,
                $"The witness ({witness.Name}) saw seals up to {seenUpTo}, the database holds {seals}: seal "
                + $"{seals + 1} (from event {missing.FromSequence}) and its chain were deleted.",
                new AuditProblem(missing.FromSequence, "seal-missing"), witnessed);
        }

        // Chain rows are written with their seal in one transaction: rows past the last seal mean a seal was deleted.
        const string beyondSql = "select min(seq_id) from hub.audit_chain where seq_id > @sealed";
        await using (var beyond = new NpgsqlCommand(beyondSql, connection))
        {
            beyond.Parameters.AddWithValue("sealed", sealedUpTo);
            if (await beyond.ExecuteScalarAsync(ct) is long unsealed)
                return new AuditVerification("tampered", 0, sealedUpTo, seals,
                    $"The chain goes on past the last seal, from event {unsealed}: a seal was deleted.",
                    new AuditProblem(unsealed, "seal-missing"), witnessed);
        }

        long checkedEvents = 0;
        var previous = AuditChain.Genesis;
        await using var walk = new NpgsqlCommand($"""
            select {AuditChain.EventColumns}, c.seq_id, c.hash, c.event_id
            from hub.mt_events e full outer join hub.audit_chain c on c.seq_id = e.seq_id
            where coalesce(e.seq_id, c.seq_id) <= @sealed order by coalesce(e.seq_id, c.seq_id)
            """, connection);
        walk.Parameters.AddWithValue("sealed", sealedUpTo);
        await using var events = await walk.ExecuteReaderAsync(ct);
        while (await events.ReadAsync(ct))
        {
            checkedEvents++;
            if (events.IsDBNull(0))
                return Tampered("deleted", events.GetInt64(11), events.GetGuid(13), null);
            if (events.IsDBNull(11))
                return Tampered("inserted", events.GetInt64(0), events.GetGuid(1), events.GetString(2));
            var hash = ProofCheck.AuditHash(previous, AuditChain.Canonical(events, box));
            if (hash != events.GetString(12))
                return Tampered("changed", events.GetInt64(0), events.GetGuid(1), events.GetString(2));
            previous = events.GetString(12);
        }
        return new AuditVerification("intact", checkedEvents, sealedUpTo, seals,
            $"{checkedEvents} events up to {sealedUpTo} match their chain and {seals} signed seals, {witnessed} of "
            + $"them as the witness saw them.", SealsWitnessed: witnessed);

        AuditVerification Tampered(string problem, long seq, Guid? id, string? stream) =>
            new("tampered", checkedEvents, sealedUpTo, seals,
            $"Event {seq} was {problem} behind the hub's back.", new AuditProblem(seq, problem, id, stream),
            witnessed);
    }

    private static bool Signed(string publicKey, AuditChain.StoredSeal seal)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
        try
        {
            return key.VerifyData(Encoding.ASCII.GetBytes(
                ProofCheck.SignedText(seal.Batch, seal.From, seal.To, seal.Digest, seal.Previous)),
                Convert.FromBase64String(seal.Signature), HashAlgorithmName.SHA256);
        }
        catch (FormatException)
        {
            return false;
        }
    }

}

public static class AuditProofEndpoint
{
    public static ProblemDetails Validate(string? correlation) =>
        string.IsNullOrWhiteSpace(correlation) || correlation.Length > 200
            ? Problems.Validation("correlation", "Give the case's correlation id.")
            : WolverineContinue.NoProblems;

    /// <summary>A case's proof bundle: its events with their hashes, the seals covering them and the public key;
    /// checkable offline with <c>ProofCheck.Problem</c>, and against the witness file with
    /// <c>ProofCheck.WitnessProblem</c> (Hub.Contracts; docs/audit-check.cs runs it, see docs/AUDIT.md).</summary>
    [WolverineGet("/api/audit/proof"), Authorize(Roles = Roles.Governance)]
    [ProducesResponseType<ProofBundle>(200)]
    public static async Task<IResult> Proof(
        string? correlation,
        IQuerySession session,
        SecretBox box,
        IAuditKeyProvider key,
        CancellationToken ct)
    {
        var connection = (NpgsqlConnection)session.Connection!;
        var entries = new List<ProofEntry>();
        var batches = new SortedSet<long>();
        await using (var read = new NpgsqlCommand($"""
            select {AuditChain.EventColumns}, c.hash, c.batch,
                   coalesce((select p.hash from hub.audit_chain p where p.seq_id < e.seq_id
                             order by p.seq_id desc limit 1),
                            '{AuditChain.Genesis}')
            from hub.mt_events e join hub.audit_chain c on c.seq_id = e.seq_id
            where e.correlation_id = @correlation order by e.seq_id
            """, connection))
        {
            read.Parameters.AddWithValue("correlation", correlation!);
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                entries.Add(
                    new ProofEntry(r.GetInt64(0), AuditChain.Canonical(r, box), r.GetString(13), r.GetString(11)));
                batches.Add(r.GetInt64(12));
            }
        }
        if (entries.Count == 0)
            return Results.Problem(Problems.NotFound($"No sealed events with correlation '{correlation}' (yet)."));
        var seals = new List<AuditSeal>();
        await using (var read = new NpgsqlCommand("""
            select s.batch, s.from_seq, s.to_seq, s.digest, s.signature, s.sealed_at,
                   array_agg(c.hash order by c.seq_id), s.previous, s.key_id
            from hub.audit_seals s join hub.audit_chain c on c.batch = s.batch
            where s.batch = any(@batches) group by s.batch order by s.batch
            """, connection))
        {
            read.Parameters.AddWithValue("batches", batches.ToArray());
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                seals.Add(new AuditSeal(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
                    r.GetFieldValue<DateTimeOffset>(5),
                    r.GetFieldValue<string[]>(6), r.IsDBNull(7) ? null : r.GetString(7),
                    r.IsDBNull(8) ? null : r.GetString(8)));
        }
        // Seals from before anchoring were signed with the key the database kept.
        var legacy = seals.Any(s => s.Previous is null) ? await LegacyAuditKey.PublicKey(connection, ct) : null;
        return Results.Ok(new ProofBundle(correlation!, key.PublicKey, entries, seals, legacy));
    }
}
