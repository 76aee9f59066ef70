using Marten;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Guides;

public static class GetGuideEndpoint
{
    public static Task<OneThingDetail?> LoadAsync(string code, string? edition, IQuerySession session,
        CancellationToken ct) => CatalogQueries.Find(session, code, edition, ct);

    public static ProblemDetails Validate(string code, string? services, OneThingDetail? found)
    {
        if (found is null) return Problems.NotFound($"No One Thing '{code}'.");
        var chosen = Chosen(services, found.OneThing);
        var unknown = chosen.Where(c => found.OneThing.Services.All(s => s.Code != c)).ToList();
        return unknown.Count > 0 || chosen.Count == 0
            ? Problems.Validation("services", $"Not services of {code}: {string.Join(", ", unknown)}.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The services asked for, or all but the second and later of each group of alternatives.</summary>
    public static List<string> Chosen(string? services, OneThingDefinition thing)
    {
        var alternatives = (thing.Alternatives ?? []).SelectMany(g => g.Skip(1)).ToHashSet();
        return services?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            ?? [.. thing.Services.Select(s => s.Code).Where(c => !alternatives.Contains(c))];
    }

    /// <summary>
    /// The One Thing's combined guide for the chosen services (all by default, <c>?services=a,b</c> for some):
    /// conditions, one merged list of materials, what the hub supplies, the one form, the order and the total time.
    /// With <c>Accept: text/html</c>, the same guide as a printable page for the window.
    /// </summary>
    [WolverineGet("/api/one-things/{code}/guide")]
    [ProducesResponseType<OneThingGuide>(200, "application/json", "text/html")]
    [ProducesResponseType<ProblemDetails>(404)]
    public static IResult Get(string? services, OneThingDetail found, HttpRequest request)
    {
        var guide = CombinedGuides.Combine(found.Edition, found.OneThing, Chosen(services, found.OneThing));
        var wantsHtml = request.Headers.Accept
            .Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        return wantsHtml ? Results.Content(GuidePage.Render(guide), "text/html; charset=utf-8") : Results.Ok(guide);
    }
}
