using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Features.Audit;

/// <summary>The filters a governance officer gives; every one is matched by an index of mt_events.</summary>
public sealed record AuditFilter(
    string? Stream,
    string? Department,
    string? Type,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? Correlation,
    long After)
{
    public static AuditFilter? Parse(
        string? stream,
        string? department,
        string? type,
        string? from,
        string? to,
        string? correlation,
        string? after,
        out string? problem)
    {
        problem = null;
        DateTimeOffset? f = null, t = null;
        if (from is not null)
        {
            if (DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, out var x)) f = x;
            else problem = "from: use an ISO 8601 time.";
        }
        if (to is not null)
        {
            if (DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, out var x)) t = x;
            else problem = "to: use an ISO 8601 time.";
        }
        long cursor = 0;
        if (after is not null && !Cursor.TryRead(after, out cursor)) problem = "after: not a cursor this hub gave.";
        if (new[] { stream, department, type, correlation }.Any(v => v is { Length: > 200 }))
            problem = "Filters are at most 200 characters.";
        return problem is null ? new AuditFilter(stream, department, type, f, t, correlation, cursor) : null;
    }

    public (string Where, Action<NpgsqlCommand> Bind) Sql()
    {
        var where = new StringBuilder("e.seq_id > @after");
        if (Stream is not null) where.Append(" and e.stream_id = @stream");
        if (Department is not null) where.Append(" and e.headers->>'department' = @department");
        if (Type is not null) where.Append(" and e.type = @type");
        if (From is not null) where.Append(" and e.timestamp >= @from");
        if (To is not null) where.Append(" and e.timestamp < @to");
        if (Correlation is not null) where.Append(" and e.correlation_id = @correlation");
        return (where.ToString(), c =>
        {
            c.Parameters.AddWithValue("after", After);
            if (Stream is not null) c.Parameters.AddWithValue("stream", Stream);
            if (Department is not null) c.Parameters.AddWithValue("department", Department);
            if (Type is not null) c.Parameters.AddWithValue("type", Type);
            // Npgsql sends timestamptz as UTC only.
            if (From is not null) c.Parameters.AddWithValue("from", From.Value.ToUniversalTime());
            if (To is not null) c.Parameters.AddWithValue("to", To.Value.ToUniversalTime());
            if (Correlation is not null) c.Parameters.AddWithValue("correlation", Correlation);
        });
    }
}

/// <summary>Opaque paging cursors: the sequence of the last event seen, base64url.</summary>
public static class Cursor
{
    public static string Write(long seq) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"s{seq}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryRead(string cursor, out long seq)
    {
        seq = 0;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            var whole = padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '=');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(whole));
            return text.StartsWith('s') && long.TryParse(text[1..], out seq) && seq >= 0;
        }
        catch (FormatException) { return false; }
    }
}

/// <summary>Personal data in audit views: identity numbers, phones and the names of applicants and holders, masked.
/// </summary>
public static class AuditMasking
{
    private static readonly HashSet<string> Identifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "idNumber", "residentId", "phone", "legalRepresentativeId", "buyerId", "rightHolderId", "survivorResidentId",
        "taxpayerId",
    };

    // Names of persons: of an applicant or holder object, and the one form's name fields (张三 → 张**).
    private static bool IsName(string key, bool person) =>
        (person && key.Equals("name", StringComparison.OrdinalIgnoreCase))
        || (key.EndsWith("-name") && !key.StartsWith("enterprise"));

    // What the person wrote in their own words (a rating's comment, what they said at the follow-up): it can say
    // anything about them, so it is blinded like a name. The events name these members so (RatingEvents.cs).
    private static readonly HashSet<string> OwnWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "applicantComment", "applicantNote",
    };

    /// <summary>What an officer's masked view shows of a person's own words: free text has no part to show.</summary>
    public const string OwnWordsHidden = "[the applicant's words]";

    private static bool IsDescription(string key, bool person) => IsName(key, person) || OwnWords.Contains(key);

    private static bool IsIdentifier(string key) =>
        Identifiers.Contains(key) || key.Contains("resident-id") || key.Contains("phone");

    // A form value ({ code, value, found }) is as personal as the field it is the value of.
    private static string KeyOf(JsonObject o, string member) =>
        member is "value" or "found" && o["code"] is JsonValue c && c.TryGetValue<string>(out var code)
            ? code : member;

    internal static readonly JsonSerializerOptions Plain =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Personal values replaced by <c>p:</c> and a keyed digest. The chain hashes this form, so personal data never
    /// enters the hashed bytes (nor a proof bundle), and erasing it later (storing this form) leaves the chain intact.
    /// </summary>
    public static string Blind(string json, Func<string, string> digest)
    {
        var node = JsonNode.Parse(json);
        Replace(node, digest);
        return node?.ToJsonString(Plain) ?? "null";
    }

    private static void Replace(JsonNode? node, Func<string, string> digest)
    {
        switch (node)
        {
            case JsonObject o:
                var person = o.ContainsKey("idNumber") || o.ContainsKey("idType");
                foreach (var (member, value) in o.ToList())
                    if (KeyOf(o, member) is var key && value is JsonValue v && v.TryGetValue<string>(out var text)
                        && (IsDescription(key, person) || IsIdentifier(key)))
                        o[member] = text.StartsWith("p:") ? text : "p:" + digest(text);
                    else Replace(value, digest);
                break;
            case JsonArray a:
                foreach (var item in a) Replace(item, digest);
                break;
        }
    }

    /// <summary>The clear values <see cref="Blind"/> would replace, each marked whether it identifies its person
    /// (an identity number or phone, by which the person's data is found elsewhere) or only describes them (a name).
    /// </summary>
    public static IEnumerable<(string Value, bool Identifies)> Personal(string json)
    {
        var found = new List<(string, bool)>();
        Collect(JsonNode.Parse(json), found);
        return found;
    }

    private static void Collect(JsonNode? node, List<(string, bool)> found)
    {
        switch (node)
        {
            case JsonObject o:
                var person = o.ContainsKey("idNumber") || o.ContainsKey("idType");
                foreach (var (member, value) in o)
                    if (KeyOf(o, member) is var key && value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        if (!text.StartsWith("p:") && (IsIdentifier(key) || IsDescription(key, person)))
                            found.Add((text, IsIdentifier(key)));
                    }
                    else Collect(value, found);
                break;
            case JsonArray a:
                foreach (var item in a) Collect(item, found);
                break;
        }
    }

    private static readonly IReadOnlyDictionary<string, Declared> NoneDeclared = new Dictionary<string, Declared>();

    /// <summary>
    /// Personal data masked for the officer's view: by the hub's own person shapes (an applicant or holder, the one
    /// form's name fields) and by what the catalog, licence types and resources declare (<see cref="Declared"/>).
    /// A sensitive value (PIPL art. 28) is hidden whole unless <paramref name="shown"/> is
    /// <see cref="Disclosure.Sensitive"/>, which only a reveal with a recorded reason gives.
    /// </summary>
    public static JsonElement Mask(
        string json,
        IReadOnlyDictionary<string, Declared>? declared = null,
        Disclosure shown = Disclosure.Masked)
    {
        var node = JsonNode.Parse(json);
        Walk(node, declared ?? NoneDeclared, shown);
        return JsonSerializer.SerializeToElement(node);
    }

    private static void Walk(JsonNode? node, IReadOnlyDictionary<string, Declared> declared, Disclosure shown)
    {
        switch (node)
        {
            case JsonObject o:
                var person = o.ContainsKey("idNumber") || o.ContainsKey("idType");
                foreach (var (member, value) in o.ToList())
                {
                    var key = KeyOf(o, member);
                    var d = declared.GetValueOrDefault(key);
                    if (value is not JsonValue v) Walk(value, declared, shown);
                    else if (d?.Sensitive is { } category && shown < Disclosure.Sensitive)
                        o[member] = $"[{category}]";
                    else if (shown > Disclosure.Masked || !v.TryGetValue<string>(out var text)) continue;
                    else if (OwnWords.Contains(key)) o[member] = OwnWordsHidden;
                    else if (IsName(key, person)) o[member] = ApplicantIds.MaskName(text);
                    else if (IsIdentifier(key) || d is { Identifies: true }) o[member] = ApplicantIds.Mask(text);
                    else if (d is not null) o[member] = ApplicantIds.MaskName(text);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Walk(item, declared, shown);
                break;
        }
    }
}

/// <summary>How much of an event's personal data a governance read shows.</summary>
public enum Disclosure
{
    /// <summary>Personal values masked, sensitive ones hidden.</summary>
    Masked,
    /// <summary><c>?reveal=true</c>: personal values shown, sensitive ones still hidden; recorded.</summary>
    Personal,
    /// <summary><c>?reveal=true&amp;reason=</c>: everything shown; recorded with the reason.</summary>
    Sensitive,
}
