using OneThing.Contracts;

namespace OneThing.Hub.Features.Guides;

/// <summary>One service's use of a field: its definition there, and whether a chosen earlier service fills it.
/// </summary>
public sealed record FieldUse(string Service, FormField Field, bool AtDispatch)
{
    public FillSource? Source => Field.Source;
}

/// <summary>A field of the one form with every chosen service that uses it.</summary>
public sealed record OneFormField(FormField First, IReadOnlyList<FieldUse> Uses)
{
    public string Code => First.Code;

    /// <summary>Some service needs a value when the application is submitted: it requires the field and no chosen
    /// earlier service fills it for it. The value is looked up or typed.</summary>
    public bool NeededAtSubmission => Uses.Any(u => u.Field.Required && !u.AtDispatch);

    /// <summary>What to look up at submission: the sources of the uses that no earlier service fills.</summary>
    public IEnumerable<FillSource> Lookups => Uses.Where(u => !u.AtDispatch).Select(u => u.Source).OfType<FillSource>();

    /// <summary>Every use has a source: the hub fills the field (the applicant types it only when a source has
    /// nothing). Null: some service asks the applicant for it.</summary>
    public string? FilledFrom => Uses.All(u => u.Source is not null) ? Uses[0].Field.FilledFrom : null;
}

/// <summary>
/// One rule for the guide, the preview, the submission and the proactive drafts: which fields the chosen services'
/// forms have, which of them a chosen earlier service fills when it is done (its e-licence), and which need a value
/// when the application is submitted.
/// </summary>
public static class OneForm
{
    public static IReadOnlyList<OneFormField> Of(
        IEnumerable<InvolvedService> services,
        IReadOnlyCollection<string> chosen) =>
        services.Where(s => chosen.Contains(s.Code))
            .SelectMany(s => (s.Guide?.FormFields ?? []).Select(f => new FieldUse(s.Code, f,
                f.Source?.Services?.Any(chosen.Contains) == true)))
            .GroupBy(u => u.Field.Code)
            .Select(g => new OneFormField(g.First().Field, [.. g]))
            .ToList();
}
