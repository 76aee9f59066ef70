using OneThing.Contracts;

namespace OneThing.Hub.Features.Catalog;

/// <summary>A catalog edition (事项基础清单) was published. The whole edition is one fact: it is published at once.</summary>
public sealed record CatalogEditionPublished(
    string Edition,
    PublishedCatalog Catalog,
    string PublishedBy,
    DateTimeOffset PublishedAt);

// The edition as the event stores it: the same JSON as CatalogEditionDocument and its parts (Hub.Contracts), so that
// events stored before these records load as they are, while a change to the public contract changes nothing stored.

public sealed record PublishedCatalog(
    string Edition,
    string Title,
    IReadOnlyList<PublishedOneThing> OneThings,
    string? Source = null,
    IReadOnlyList<PublishedNormalisation>? Normalisations = null);

public sealed record PublishedNormalisation(string Where, string Seed, string Normalised, string Note);

public sealed record PublishedOneThing(
    string Code,
    int Number,
    string Name,
    string Audience,
    IReadOnlyList<string> LeadUnits,
    IReadOnlyList<PublishedService> Services,
    string? NameEn = null,
    IReadOnlyList<IReadOnlyList<string>>? RequiredTogether = null,
    IReadOnlyList<IReadOnlyList<string>>? Alternatives = null,
    string? OrderingNote = null,
    IReadOnlyList<PublishedTrigger>? OpenedBy = null);

/// <summary>As <see cref="OneThing.Contracts.OneThingTrigger"/>; editions published before round 2 have none.
/// </summary>
public sealed record PublishedTrigger(
    string Licence,
    IReadOnlyDictionary<string, string> Fill,
    IReadOnlyList<PublishedTriggerApplicant>? Applicant = null,
    IReadOnlyList<string>? Skip = null);

public sealed record PublishedTriggerApplicant(string IdNumber, string? Name = null);

public sealed record PublishedService(
    string Code,
    string Name,
    IReadOnlyList<string> ResponsibleUnits,
    IReadOnlyList<string> Prerequisites,
    int TimeLimitDays,
    string? NameEn = null,
    string? TimeLimitSource = null,
    PublishedGuide? Guide = null,
    string? JointWork = null);

public sealed record PublishedGuide(
    IReadOnlyList<string> LegalBasis,
    IReadOnlyList<string> Conditions,
    IReadOnlyList<PublishedMaterial> Materials,
    string Fees,
    PublishedResult Result,
    IReadOnlyList<PublishedFormField> FormFields,
    PublishedProvenance Provenance);

public sealed record PublishedMaterial(
    string Code, string Name, string Form, int Count, PublishedSource? SuppliedBy = null, string? Note = null);

public sealed record PublishedSource(string? LicenceType = null, string? Resource = null, string? FromService = null);

public sealed record PublishedResult(string Kind, string Name, string? LicenceType = null);

public sealed record PublishedFormField(
    string Code,
    string Label,
    string Type,
    bool Required,
    IReadOnlyList<string>? Options = null,
    string? FilledFrom = null,
    PublishedFillSource? Source = null,
    bool? Personal = null,
    string? Sensitive = null);

/// <summary>As <see cref="OneThing.Contracts.FillSource"/>; editions published before round 2 have none.</summary>
public sealed record PublishedFillSource(
    string Field,
    string? Licence = null,
    string? Resource = null,
    string? Holder = null,
    IReadOnlyList<string>? Services = null,
    IReadOnlyDictionary<string, string>? Query = null);

public sealed record PublishedProvenance(IReadOnlyList<string> Seed, IReadOnlyList<string> Ours);
