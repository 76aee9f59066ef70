using Marten;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Catalog;

public static class CatalogQueries
{
    /// <summary>Catalog editions, newest first.</summary>
    [WolverineGet("/api/catalog/editions")]
    public static async Task<IReadOnlyList<CatalogEditionSummary>> Editions(IQuerySession session, CancellationToken ct)
    {
        var editions = await session.Query<CatalogEditionView>().OrderByDescending(x => x.Edition).ToListAsync(ct);
        return editions.Select(e => e.Summary()).ToList();
    }

    /// <summary>One One Thing, from the newest edition that has it (or from <c>?edition=</c>).</summary>
    [WolverineGet("/api/one-things/{code}")]
    [ProducesResponseType<OneThingDetail>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> OneThing(
        string code,
        string? edition,
        IQuerySession session,
        CancellationToken ct)
    {
        var found = await Find(session, code, edition, ct);
        var where = edition is null ? "" : $" in edition {edition}";
        return found is null ? Results.Problem(Problems.NotFound($"No One Thing '{code}'{where}.")) : Results.Ok(found);
    }

    public static async Task<OneThingDetail?> Find(
        IQuerySession session,
        string code,
        string? edition,
        CancellationToken ct)
    {
        // A named edition is one document. Without one, the newest that has the One Thing: editions are few (one a
        // year), so they are read whole rather than indexed into.
        IReadOnlyList<CatalogEditionView> editions = edition is not null
            ? [.. new[] { await session.LoadAsync<CatalogEditionView>(CatalogEditionView.StreamKey(edition), ct) }
                .OfType<CatalogEditionView>()]
            : await session.Query<CatalogEditionView>().OrderByDescending(x => x.Edition).ToListAsync(ct);
        return editions
            .Select(e => (e.Edition, Thing: e.Catalog.OneThings.FirstOrDefault(o => o.Code == code)))
            .Where(x => x.Thing is not null)
            .Select(x => new OneThingDetail(x.Edition, x.Thing!))
            .FirstOrDefault();
    }
}

public static class ListOneThingsEndpoint
{
    public static ProblemDetails Validate(string? audience) =>
        audience is null or Audiences.Enterprise or Audiences.Individual
            ? WolverineContinue.NoProblems
            : Problems.Validation("audience", "Use enterprise or individual.");

    /// <summary>The One Things of an edition, optionally only those for enterprises or for individuals.</summary>
    [WolverineGet("/api/catalog/editions/{edition}/one-things")]
    [ProducesResponseType<OneThingList>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> OneThings(
        string edition,
        string? audience,
        IQuerySession session,
        CancellationToken ct)
    {
        var view = await session.LoadAsync<CatalogEditionView>(CatalogEditionView.StreamKey(edition), ct);
        if (view is null) return Results.Problem(Problems.NotFound($"No catalog edition '{edition}'."));
        var things = view.Catalog.OneThings.Where(o => audience is null || o.Audience == audience).ToList();
        return Results.Ok(new OneThingList(view.Edition, things.Count, things.Sum(o => o.Services.Count), things));
    }
}
