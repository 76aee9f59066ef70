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
    string? OrderingNote = null,
    IReadOnlyList<OneThingTrigger>? OpenedBy = null
);

/// <summary>
/// 免申即享: a pushed e-licence of this type opens the One Thing for a person. The hub prepares a draft of the
/// default services but <see cref="Skip"/> (done already by the licence), with <see cref="Fill"/> (form field →
/// licence field) taken from the licence, and offers it to the front office of the person's district.
/// </summary>
public sealed record OneThingTrigger(
    string Licence,
    IReadOnlyDictionary<string, string> Fill,
    IReadOnlyList<TriggerApplicant>? Applicant = null,
    IReadOnlyList<string>? Skip = null
);

/// <summary>The licence fields naming the applicant of a draft: the resident ID number, and the name for want of an
/// ID card the hub holds.</summary>
public sealed record TriggerApplicant(string IdNumber, string? Name = null);

/// <summary>涉及事项: one government service inside a One Thing, performed by its responsible units.</summary>
public sealed record InvolvedService(
    string Code,
    string Name,
    IReadOnlyList<string> ResponsibleUnits,
    IReadOnlyList<string> Prerequisites,
    int TimeLimitDays,
    string? NameEn = null,
    string? TimeLimitSource = null,
    ServiceGuide? Guide = null,
    string? JointWork = null
);

/// <summary>联办: how a service of several responsible units works together.</summary>
public static class JointWorkKinds
{
    public const string Review = "review"; // 联合评审
    public const string Inspection = "inspection"; // 联合勘验
    public const string Acceptance = "acceptance"; // 联合验收
}

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
