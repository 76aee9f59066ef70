using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// <c>Accept: text/csv</c> on any GET of the API: the endpoint answers its JSON as always (masked as always), and the
/// table in it is written as CSV (RFC 4180) instead. One mechanism for every route, so a list added later is a CSV
/// too. The table is the answer itself when it is an array, else its <c>items</c> (a page), else its first member
/// that is an array of objects, or the one named by <c>?table=</c>. Nested objects become dotted columns
/// (<c>processingHours.p95</c>), lists of values one cell joined by "; ". An answer with no table is a 406; an error
/// stays the problem details it was. See docs/METRICS.md, "CSV".
/// </summary>
public static class CsvOutput
{
    public const string MediaType = "text/csv";

    // Excel opens a CSV as the machine's ANSI code page (GBK on a Chinese Windows) unless it starts with a BOM.
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static IApplicationBuilder UseCsvOutput(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api")
            || !WantsCsv(context.Request))
        {
            await next(context);
            return;
        }
        context.Request.Headers.Accept = "application/json";
        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Accept);
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        buffer.Position = 0;
        var type = context.Response.ContentType ?? "";
        if (context.Response.StatusCode is < 200 or > 299 || context.Response.HasStarted)
            await buffer.CopyToAsync(original, context.RequestAborted);
        else if (!type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            await NotAcceptable(context, "This answer is not JSON, so it has no table to give as CSV.");
        else
            await WriteCsv(context, buffer, original);
    });

    /// <summary>text/csv is asked for, and nothing is preferred to it.</summary>
    private static bool WantsCsv(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)) return false;
        var csv = accepted.Where(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return csv > 0 && accepted.All(a => (a.Quality ?? 1) <= csv);
    }

    private static async Task WriteCsv(HttpContext context, MemoryStream json, Stream body)
    {
        using var document = await JsonDocument.ParseAsync(json, cancellationToken: context.RequestAborted);
        var name = context.Request.Query["table"].FirstOrDefault();
        var table = CsvTable.Find(document.RootElement, name);
        if (table is null)
        {
            await (name is null
                ? NotAcceptable(context, "This answer has no table to give as CSV: ask for application/json.")
                : Results.Problem(Problems.Validation("table", $"This answer has no table '{name}'. It has: "
                    + string.Join(", ", CsvTable.Names(document.RootElement)) + ".")).ExecuteAsync(context));
            return;
        }
        var text = CsvTable.Write(table.Value);
        context.Response.ContentType = $"{MediaType}; charset=utf-8; header=present";
        context.Response.ContentLength = null;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(context.Request, name)}\"";
        if (document.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String)
            context.Response.Headers.Link = $"<{NextPage(context.Request, next.GetString()!)}>; rel=\"next\"";
        await body.WriteAsync(Bom, context.RequestAborted);
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted);
    }

    private static Task NotAcceptable(HttpContext context, string detail)
    {
        context.Response.Clear();
        return Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Type = Problems.TypeFor(StatusCodes.Status406NotAcceptable),
            Title = "Not acceptable",
            Status = StatusCodes.Status406NotAcceptable,
            Detail = detail,
        }).ExecuteAsync(context);
    }

    /// <summary>The route's path and the window or table asked for: metrics-departments-7d.csv.</summary>
    private static string FileName(HttpRequest request, string? table)
    {
        var parts = request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Append(request.Query["window"].FirstOrDefault()).Append(table).Where(p => !string.IsNullOrEmpty(p));
        var name = new string(string.Join('-', parts).Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')
            .ToArray());
        return $"{name}.csv";
    }

    private static string NextPage(HttpRequest request, string cursor)
    {
        var query = request.Query.Where(q => q.Key != "after")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"after={Uri.EscapeDataString(cursor)}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }
}

/// <summary>Finds the table in a JSON answer and writes it as RFC 4180 CSV.</summary>
public static class CsvTable
{
    public static IEnumerable<string> Names(JsonElement root) =>
        root.ValueKind != JsonValueKind.Object ? [] : root.EnumerateObject().Where(p => IsTable(p.Value))
            .Select(p => p.Name);

    public static JsonElement? Find(JsonElement root, string? name)
    {
        if (root.ValueKind == JsonValueKind.Array) return name is null ? root : null;
        if (root.ValueKind != JsonValueKind.Object) return null;
        if (name is not null)
            return root.TryGetProperty(name, out var named) && IsTable(named) ? named : null;
        if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array) return items;
        foreach (var member in root.EnumerateObject())
            if (IsTable(member.Value)) return member.Value;
        return null;
    }

    // An array of objects; an empty array counts, so that an empty list is an empty table, not a 406.
    private static bool IsTable(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Object);

    public static string Write(JsonElement table)
    {
        var rows = table.EnumerateArray().Select(row =>
        {
            var cells = new Dictionary<string, string>();
            Flatten(row, "", cells);
            return cells;
        }).ToList();
        var columns = rows.SelectMany(r => r.Keys).Distinct().ToList();
        var csv = new StringBuilder();
        csv.AppendJoin(',', columns.Select(Quote)).Append("\r\n");
        foreach (var row in rows)
            csv.AppendJoin(',', columns.Select(c => Quote(row.GetValueOrDefault(c, "")))).Append("\r\n");
        return columns.Count == 0 ? "" : csv.ToString();
    }

    private static void Flatten(JsonElement e, string path, Dictionary<string, string> cells)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var member in e.EnumerateObject())
                Flatten(member.Value, path == "" ? member.Name : $"{path}.{member.Name}", cells);
        else cells[path == "" ? "value" : path] = Cell(e);
    }

    private static string Cell(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.String => Guard(e.GetString()!),
        JsonValueKind.Array when e.EnumerateArray().All(i => i.ValueKind is not (JsonValueKind.Object
            or JsonValueKind.Array)) => string.Join("; ", e.EnumerateArray().Select(Cell)),
        JsonValueKind.Array or JsonValueKind.Object => e.GetRawText(),
        _ => e.GetRawText(),   // numbers as JSON writes them (invariant), true and false
    };

    /// <summary>A text that Excel would run as a formula (=, +, -, @ first) is kept as text by a leading quote mark
    /// (OWASP's advice on CSV injection): names and details come from departments and applicants.</summary>
    private static string Guard(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? $"'{text}" : text;

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell.StartsWith(' ') || cell.EndsWith(' ')
            ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}
