using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Takes <c>X-Correlation-Id</c> from the request (or makes one) and echoes it on the response. Every event the
/// request causes carries it, so a case can be followed across every stream it touched.
/// </summary>
public static partial class Correlation
{
    public const string Header = "X-Correlation-Id";
    private const string ItemKey = "onething.correlation";

    // Anything else (too long, control characters, spaces) is replaced rather than trusted into the audit trail.
    [GeneratedRegex("^[A-Za-z0-9._:/-]{1,128}$")]
    private static partial Regex Acceptable();

    public static string CorrelationId(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var id) && id is string s ? s : context.TraceIdentifier;

    /// <summary>From here on the request belongs to <paramref name="id"/>: its answer says so, and so does
    /// <see cref="CorrelationId"/> for whatever the request composes.</summary>
    public static void Adopt(this HttpContext context, string id)
    {
        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
        Activity.Current?.SetTag("onething.correlation_id", id);
    }

    public static IApplicationBuilder UseCorrelation(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var given = context.Request.Headers[Header].ToString();
        context.Adopt(Acceptable().IsMatch(given) ? given : Guid.CreateVersion7().ToString("N"));
        return next(context);
    });
}

/// <summary>
/// A stream that is a case (an application, say): it keeps the correlation id of the request that started it, and
/// every later request or message that moves it on joins that case rather than starting a trail of its own.
/// </summary>
public interface ICorrelatedCase
{
    /// <summary>The correlation id of the request that started the case; empty when it was never recorded.</summary>
    string CorrelationId { get; }
}
