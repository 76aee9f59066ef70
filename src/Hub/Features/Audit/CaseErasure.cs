using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Npgsql;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Audit;

/// <summary>A document rewritten to its blinded form, or deleted (<see cref="Data"/> null).</summary>
public sealed record DocumentErasure(string Table, string Id, string? Data);

/// <summary>
/// Everything the hub stores about one case's person, found before anything is changed:
/// <list type="bullet">
/// <item>events: the case's own, and any other that names one of the person's identifiers (the holder's licences,
/// drafts prepared for them), each to be stored in its blinded form;</item>
/// <item>documents of every Marten table that name an identifier, the case's applications or its materials: read
/// models rewritten with each personal value blinded; messages waiting for or already taken by a department (inbox
/// items, unpicked exchange answers) deleted;</item>
/// <item>the contents of the materials the case named (a scanned ID card is personal data whatever its name);</item>
/// <item>stored idempotent answers that hold any of it (they are sealed, so they are opened to be looked at);</item>
/// <item>Wolverine's envelopes (incoming, outgoing, dead letters) whose body names any of it: searched in
/// <see cref="CaseErasureEndpoint"/>'s SQL itself, as bytes.</item>
/// </list>
/// </summary>
public sealed record CaseErasure(
    IReadOnlyList<long> Sequences,
    IReadOnlyList<string> Blinded,
    IReadOnlyList<DocumentErasure> Documents,
    IReadOnlyList<string> Markers,
    IReadOnlyList<string> Contents,
    IReadOnlyList<string> Answers)
{
    /// <summary>Documents that only carry a message to a department: deleted, not blinded, since their only use is
    /// to hand the person's data over.</summary>
    public static readonly IReadOnlySet<string> Transient =
        new HashSet<string> { "mt_doc_inboxitem", "mt_doc_exchangepickup" };

    // Shorter values (a one-character name) would match in unrelated documents of the same person by accident.
    private const int ShortestMarker = 6;

    public static async Task<CaseErasure> Find(
        string correlation,
        IQuerySession session,
        SecretBox box,
        CancellationToken ct)
    {
        var connection = (NpgsqlConnection)session.Connection!;
        var events = new List<(long Seq, string Data, string Stream, string Type)>();
        await using (var read = new NpgsqlCommand(
            "select seq_id, data::text, stream_id, type from hub.mt_events where correlation_id = @c", connection))
        {
            read.Parameters.AddWithValue("c", correlation);
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) events.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }

        var personal = events.SelectMany(e => AuditMasking.Personal(e.Data)).ToList();
        var identifiers = personal.Where(p => p.Identifies && p.Value.Length >= ShortestMarker)
            .Select(p => p.Value).Distinct().ToList();
        var values = personal.Select(p => p.Value).Where(v => v.Length > 0)
            .Distinct().OrderByDescending(v => v.Length).ToList();
        var applications = events.Where(e => e.Type == "application_submitted").Select(e => e.Stream).Distinct();
        var materials = events.SelectMany(e => Members(JsonNode.Parse(e.Data), "materialId")).Distinct().ToList();
        var markers = identifiers.Concat(applications).Concat(materials).Distinct().ToList();

        // The person's other events: only by identifiers, which the chain blinds wherever a person is named.
        var others = new List<(long Seq, string Data)>();
        if (identifiers.Count > 0)
        {
            await using var read = new NpgsqlCommand("""
                select seq_id, data::text from hub.mt_events
                where correlation_id is distinct from @c and data::text like any(@p)
                """, connection);
            read.Parameters.AddWithValue("c", correlation);
            read.Parameters.AddWithValue("p", Patterns(identifiers));
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) others.Add((r.GetInt64(0), r.GetString(1)));
        }
        var rewritten = events.Select(e => (e.Seq, e.Data)).Concat(others).ToList();

        var documents = markers.Count == 0 ? [] : await FindDocuments(connection, markers, values, box, ct);
        var contents = materials.Count == 0 ? [] : await FindContents(connection, materials, ct);
        var answers = markers.Count == 0 ? [] : await FindAnswers(connection, markers, box, ct);
        return new CaseErasure(
            [.. rewritten.Select(e => e.Seq)],
            [.. rewritten.Select(e => AuditMasking.Blind(e.Data, box.Blind))],
            documents, markers, contents, answers);
    }

    private static async Task<List<DocumentErasure>> FindDocuments(
        NpgsqlConnection connection,
        List<string> markers,
        List<string> values,
        SecretBox box,
        CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            select table_name from information_schema.tables
            where table_schema = 'hub' and table_name like 'mt\_doc\_%' and table_type = 'BASE TABLE'
            """, connection))
        await using (var r = await list.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) tables.Add(r.GetString(0));

        var found = new List<DocumentErasure>();
        foreach (var table in tables)
        {
            await using var read = new NpgsqlCommand(
                $"select id::text, data::text from hub.{table} where data::text like any(@p)", connection);
            read.Parameters.AddWithValue("p", Patterns(markers));
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                found.Add(new DocumentErasure(table, r.GetString(0),
                    Transient.Contains(table) ? null : BlindValues(r.GetString(1), values, box)));
        }
        return found;
    }

    /// <summary>Every personal value of the case replaced wherever it stands in a read model, whatever its key: a
    /// read model is no link in the chain, and its shape is the hub's, not the declarations'.</summary>
    private static string BlindValues(string json, List<string> values, SecretBox box)
    {
        var text = new StringBuilder(json);
        // As the value stands in the document's text: a comment's quotes and line breaks are escaped there.
        foreach (var value in values) text.Replace(InJson(value), "p:" + box.Blind(value));
        return AuditMasking.Blind(text.ToString(), box.Blind);
    }

    private static string InJson(string value) =>
        System.Text.Json.JsonSerializer.Serialize(value, AuditMasking.Plain)[1..^1];

    // A content is kept while a material of another case still has it (the same file uploaded twice).
    private static async Task<List<string>> FindContents(
        NpgsqlConnection connection,
        List<string> materials,
        CancellationToken ct)
    {
        await using var read = new NpgsqlCommand("""
            select distinct m.data->>'sha256' from hub.mt_doc_materialview m
            where m.id::text = any(@ids) and not exists (
                select 1 from hub.mt_doc_materialview o
                where o.data->>'sha256' = m.data->>'sha256' and not (o.id::text = any(@ids)))
            """, connection);
        read.Parameters.AddWithValue("ids", materials.ToArray());
        var found = new List<string>();
        await using var r = await read.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found.Add(r.GetString(0));
        return found;
    }

    private static async Task<List<string>> FindAnswers(
        NpgsqlConnection connection,
        List<string> markers,
        SecretBox box,
        CancellationToken ct)
    {
        var found = new List<string>();
        await using var read = new NpgsqlCommand(
            "select scope, body from hub.idempotency where body is not null", connection);
        await using var r = await read.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            string text;
            try { text = Encoding.UTF8.GetString(box.Open(r.GetFieldValue<byte[]>(1))); }
            catch (System.Security.Cryptography.CryptographicException) { continue; }
            if (markers.Any(m => text.Contains(m, StringComparison.Ordinal))) found.Add(r.GetString(0));
        }
        return found;
    }

    public static string[] Patterns(IEnumerable<string> values) =>
        [.. values.Select(v => "%" + v.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%")];

    private static IEnumerable<string> Members(JsonNode? node, string name) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == name && p.Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? [s] : Members(p.Value, name)),
        JsonArray a => a.SelectMany(i => Members(i, name)),
        _ => [],
    };
}
