using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Catalog;

/// <summary>One edition as readers see it; its stream is <c>catalog/{edition}</c>.</summary>
public sealed class CatalogEditionView
{
    public string Id { get; set; } = "";
    public string Edition { get; set; } = "";
    public CatalogEditionDocument Catalog { get; set; } = null!;
    public string PublishedBy { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }

    public static string StreamKey(string edition) => $"catalog/{edition}";

    public CatalogEditionSummary Summary() => new(
        Edition, Catalog.Title, Catalog.OneThings.Count, Catalog.OneThings.Sum(o => o.Services.Count), PublishedAt,
        PublishedBy);
}

public sealed class CatalogEditionProjection : SingleStreamProjection<CatalogEditionView, string>
{
    public static CatalogEditionView Create(IEvent<CatalogEditionPublished> e) => new()
    {
        Id = e.StreamKey!,
        Edition = e.Data.Edition,
        Catalog = e.Data.Catalog.ToContract(),
        PublishedBy = e.Data.PublishedBy,
        PublishedAt = e.Data.PublishedAt,
    };
}
