namespace OneThing.Contracts;

/// <summary>
/// The bytes an issuer signs: the licence document as canonical JSON (RFC 8785 for documents whose values are all
/// strings): members sorted by name (ordinal, UTF-16), no whitespace, camelCase names, absent members left out,
/// strings escaped minimally (only '"', '\\' and control characters). Shared here so department systems sign
/// exactly what the hub verifies.
/// </summary>
public static class LicenceCanonicalForm
{
    public static byte[] Bytes(LicenceDocument d)
    {
        var members = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["fields"] = new SortedDictionary<string, object>(
                d.Fields.ToDictionary(f => f.Key, f => (object)f.Value),
                StringComparer.Ordinal
            ),
            ["holder"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["idNumber"] = d.Holder.IdNumber,
                ["idType"] = d.Holder.IdType,
                ["name"] = d.Holder.Name,
            },
            ["issuedOn"] = d.IssuedOn,
            ["issuer"] = d.Issuer,
            ["issuingAuthority"] = d.IssuingAuthority,
            ["number"] = d.Number,
            ["type"] = d.Type,
        };
        if (d.ValidFrom is not null)
            members["validFrom"] = d.ValidFrom;
        if (d.ValidUntil is not null)
            members["validUntil"] = d.ValidUntil;
        var text = new System.Text.StringBuilder();
        Write(text, members);
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Write(System.Text.StringBuilder o, object value)
    {
        if (value is string s)
        {
            o.Append('"');
            foreach (var c in s)
            {
                // Most characters stand for themselves: appended as they are (no string per character, on every push).
                var escaped = c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    < ' ' => $"\\u{(int)c:x4}",
                    _ => null,
                };
                if (escaped is null)
                    o.Append(c);
                else
                    o.Append(escaped);
            }
            o.Append('"');
            return;
        }
        var map = (SortedDictionary<string, object>)value;
        o.Append('{');
        var first = true;
        foreach (var (k, v) in map)
        {
            if (!first)
                o.Append(',');
            first = false;
            Write(o, k);
            o.Append(':');
            Write(o, v);
        }
        o.Append('}');
    }
}
