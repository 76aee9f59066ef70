namespace OneThing.Contracts;

/// <summary>
/// 办事指南: what an applicant is told about one involved service. The seed document states none of it (only the
/// service, its units and the order); <see cref="Provenance"/> says which parts are the seed's and which are ours.
/// </summary>
public sealed record ServiceGuide(
    IReadOnlyList<string> LegalBasis,
    IReadOnlyList<string> Conditions,
    IReadOnlyList<GuideMaterial> Materials,
    string Fees,
    ServiceResult Result,
    IReadOnlyList<FormField> FormFields,
    GuideProvenance Provenance
);

/// <summary>申请材料. The same material has the same code in every service, so a One Thing lists it once.</summary>
public sealed record GuideMaterial(
    string Code,
    string Name,
    string Form,
    int Count,
    MaterialSource? SuppliedBy = null,
    string? Note = null
);

/// <summary>What can stand in for a material, so the applicant need not bring it: an e-licence, shared data, or the
/// result of an earlier service of the same One Thing.</summary>
public sealed record MaterialSource(string? LicenceType = null, string? Resource = null, string? FromService = null);

/// <summary>办理结果: a licence (with its e-licence type), a document, a registration, a decision or a payment.</summary>
public sealed record ServiceResult(string Kind, string Name, string? LicenceType = null);

/// <summary>A field of the one form. The same field has the same code in every service, so the form asks it
/// once.</summary>
public sealed record FormField(
    string Code,
    string Label,
    string Type,
    bool Required,
    IReadOnlyList<string>? Options = null,
    string? FilledFrom = null,
    FillSource? Source = null,
    bool? Personal = null,
    string? Sensitive = null
);

/// <summary>
/// Where the hub finds a field's value: an e-licence's field (the applicant's own licence, or the holder's named by
/// <see cref="Holder"/>; or the licence an earlier service of <see cref="Services"/> produced), or a record field of a
/// shared resource, queried by the form field that <see cref="Query"/> names.
/// </summary>
public sealed record FillSource(
    string Field,
    string? Licence = null,
    string? Resource = null,
    string? Holder = null,
    IReadOnlyList<string>? Services = null,
    IReadOnlyDictionary<string, string>? Query = null
);

/// <summary>Which elements the seed states and which we wrote, by element name.</summary>
public sealed record GuideProvenance(IReadOnlyList<string> Seed, IReadOnlyList<string> Ours);

public static class MaterialForms
{
    public const string Original = "original";
    public const string Copy = "copy";
    public const string OriginalAndCopy = "original-and-copy";
    public const string Electronic = "electronic";
}

/// <summary>The combined service guide (一次告知) of a One Thing for the chosen services: what the applicant is told
/// once.</summary>
public sealed record OneThingGuide(
    string OneThing,
    string Name,
    string Edition,
    IReadOnlyList<string> LeadUnits,
    IReadOnlyList<GuideService> Services,
    IReadOnlyList<GuideCondition> Conditions,
    IReadOnlyList<CombinedMaterial> Materials,
    IReadOnlyList<CombinedFormField> FormFields,
    IReadOnlyList<IReadOnlyList<string>> Stages,
    int TotalWorkingDays,
    int MaterialsToBring,
    int MaterialsSupplied
);

/// <summary>One service in the combined guide: who does it, how long it may take, what it gives.</summary>
public sealed record GuideService(
    string Code,
    string Name,
    IReadOnlyList<string> ResponsibleUnits,
    IReadOnlyList<string> Prerequisites,
    int TimeLimitDays,
    IReadOnlyList<string> LegalBasis,
    string Fees,
    ServiceResult Result
);

public sealed record GuideCondition(string Service, string Condition);

/// <summary>A material listed once for the whole One Thing, with the services that need it and whether the applicant
/// brings it or the hub supplies it (from an e-licence, shared data or an earlier service's result).</summary>
public sealed record CombinedMaterial(
    string Code,
    string Name,
    string Form,
    int Count,
    IReadOnlyList<string> NeededBy,
    bool ApplicantBrings,
    MaterialSource? SuppliedBy = null
);

/// <summary>A field of the one form, asked once however many services need it.</summary>
public sealed record CombinedFormField(
    string Code,
    string Label,
    string Type,
    bool Required,
    IReadOnlyList<string> UsedBy,
    IReadOnlyList<string>? Options = null,
    string? FilledFrom = null
);
