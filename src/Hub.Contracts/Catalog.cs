namespace OneThing.Contracts;

/// <summary>A catalog edition as the coordinating office publishes it (and as seeds/catalog-YYYY.json holds
/// it).</summary>
public sealed record CatalogEditionDocument(
    string Edition,
    string Title,
    IReadOnlyList<OneThingDefinition> OneThings,
    string? Source = null,
    IReadOnlyList<Normalisation>? Normalisations = null
);

/// <summary>Where a cell of the seed was broken or cut short, what we stored instead, and why.</summary>
public sealed record Normalisation(string Where, string Seed, string Normalised, string Note);

/// <summary>一件事: a bundle of involved services with its lead units.</summary>
public sealed record OneThingDefinition(
    string Code,
    int Number,
    string Name,
    string Audience,
    IReadOnlyList<string> LeadUnits,
    IReadOnlyList<InvolvedService> Services,
    string? NameEn = null,
    IReadOnlyList<IReadOnlyList<string>>? RequiredTogether = null,
    IReadOnlyList<IReadOnlyList<string>>? Alternatives = null,
    string? OrderingNote = null
);

/// <summary>涉及事项: one government service inside a One Thing, performed by its responsible units.</summary>
public sealed record InvolvedService(
    string Code,
    string Name,
    IReadOnlyList<string> ResponsibleUnits,
    IReadOnlyList<string> Prerequisites,
    int TimeLimitDays,
    string? NameEn = null,
    string? TimeLimitSource = null,
    ServiceGuide? Guide = null
);

public static class Audiences
{
    public const string Enterprise = "enterprise";
    public const string Individual = "individual";
}

public sealed record CatalogEditionSummary(
    string Edition,
    string Title,
    int OneThings,
    int InvolvedServices,
    DateTimeOffset PublishedAt,
    string PublishedBy
);

public sealed record OneThingList(
    string Edition,
    int Count,
    int InvolvedServices,
    IReadOnlyList<OneThingDefinition> OneThings
);

/// <summary>One One Thing as of the edition it was read from.</summary>
public sealed record OneThingDetail(string Edition, OneThingDefinition OneThing);
