using Marten;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Guides;

public static class GetGuideEndpoint
{
    /// <summary>
    /// The One Thing's combined guide for the chosen services (all by default, <c>?services=a,b</c> for some):
    /// conditions, one merged list of materials, what the hub supplies, the one form, the order and the total time.
    /// With <c>Accept: text/html</c>, the same guide as a printable page for the window.
    /// </summary>
    [WolverineGet("/api/one-things/{code}/guide")]
    [ProducesResponseType<OneThingGuide>(200, "application/json", "text/html"), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(string code, string? services, string? edition, HttpRequest request,
        IQuerySession session, CancellationToken ct)
    {
        var found = await CatalogQueries.Find(session, code, edition, ct);
        if (found is null) return Results.Problem(Problems.NotFound($"No One Thing '{code}'."));
        var thing = found.OneThing;
        var chosen = services?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            ?? thing.Services.Select(s => s.Code).Where(c => !(thing.Alternatives ?? []).SelectMany(g => g.Skip(1)).Contains(c)).ToList();
        var unknown = chosen.Where(c => thing.Services.All(s => s.Code != c)).ToList();
        if (unknown.Count > 0 || chosen.Count == 0)
            return Results.Problem(Problems.Validation("services", $"Not services of {code}: {string.Join(", ", unknown)}."));

        var guide = CombinedGuides.Combine(found.Edition, thing, chosen);
        var wantsHtml = request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        return wantsHtml ? Results.Content(GuidePage.Render(guide), "text/html; charset=utf-8") : Results.Ok(guide);
    }
}
