using System.Security.Cryptography;
using System.Text;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Guides;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Drafts;

/// <summary>The pure half of preparing a draft: who applies, what the trigger licence fills, whom it is for.
/// </summary>
public static class DraftTriggers
{
    /// <summary>The principal a draft is prepared as: the front office it is for, acting through the hub.</summary>
    public const string PreparedBy = "hub:drafts";

    /// <summary>One draft per licence and One Thing: a stream id derived from both.</summary>
    public static string DraftId(string licenceId, string oneThing) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"draft:{licenceId}:{oneThing}"))[..16]).ToString();

    /// <summary>The first alternative whose licence field holds a valid resident ID number, with the name the
    /// licence gives for it.</summary>
    public static (string IdNumber, string? Name)? Applicant(OneThingTrigger trigger, HeldLicence licence) =>
        (trigger.Applicant ?? [])
            .Select(a => (Id: licence.Value(a.IdNumber), Name: a.Name is null ? null : licence.Value(a.Name)))
            .Where(a => a.Id is not null && IdentityNumbers.IsResidentId(a.Id))
            .Select(a => ((string, string?)?)(a.Id!, a.Name))
            .FirstOrDefault();

    /// <summary>Everyone the licence names who could apply (both parents, say).</summary>
    public static string[] Persons(OneThingTrigger trigger, HeldLicence licence) =>
        [.. (trigger.Applicant ?? []).Select(a => licence.Value(a.IdNumber)).OfType<string>()
            .Where(IdentityNumbers.IsResidentId)];

    /// <summary>Whose district's front office the draft goes to: the applicant's, else the licence holder's (a
    /// deceased person's), by the division code of the resident ID number.</summary>
    public static string? DivisionCode(string? applicant, HeldLicence licence) =>
        new[] { applicant, licence.Holder.IdNumber }.FirstOrDefault(IdentityNumbers.IsResidentId)?[..6];

    /// <summary>Issued no longer ago than a draft waits for consent (a licence dated ahead is taken as today's).
    /// </summary>
    public static bool Recent(string issuedOn, DateTimeOffset now, TimeSpan expiry) =>
        DateOnly.TryParse(issuedOn, out var issued)
        && issued.ToDateTime(TimeOnly.MinValue) >= WorkingCalendar.Today(now).ToDateTime(TimeOnly.MinValue) - expiry;

    /// <summary>The services drafted: the default choice but those the licence shows done.</summary>
    public static List<string> Services(OneThingDefinition thing, OneThingTrigger trigger)
    {
        var probe = new SubmitApplication(thing.Code, new Applicant(ApplicantKinds.Person, "", ""),
            new Dictionary<string, string>());
        var (chosen, _) = ApplicationPlan.Choose(thing, probe);
        return [.. (chosen ?? []).Where(c => !(trigger.Skip ?? []).Contains(c))];
    }

    /// <summary>The form fields the licence fills, each with the licence as its source; a value that breaks its
    /// field's type fills nothing (it is typed instead).</summary>
    public static List<CaseFormValue> FromLicence(OneThingTrigger trigger, HeldLicence licence,
        IReadOnlyList<OneFormField> fields) =>
        [.. fields.Where(f => trigger.Fill.ContainsKey(f.Code))
            .Select(f => (Field: f, Value: licence.Value(trigger.Fill[f.Code])))
            .Where(x => x.Value is { Length: > 0 } && ApplicationPlan.Problem(x.Field.First, x.Value) is null)
            .Select(x => new CaseFormValue(x.Field.Code, x.Value!, FieldSourceKinds.Licence,
                LicenceType: licence.Type, LicenceId: licence.Id, Field: trigger.Fill[x.Field.Code]))];

    /// <summary>
    /// A filled form with the licence's values put back as the licence's: the submission's filling sees them as
    /// typed (the trigger licence is not the applicant's own), so a value left as the licence gave it is the
    /// licence's, and one the front office typed over is a correction beside it.
    /// </summary>
    public static IReadOnlyList<CaseFormValue> WithLicenceSources(IEnumerable<CaseFormValue> values,
        IReadOnlyList<CaseFormValue> fromLicence)
    {
        var byCode = fromLicence.ToDictionary(v => v.Code);
        return [.. values.Select(v => v.Kind != FieldSourceKinds.Applicant || !byCode.TryGetValue(v.Code, out var l)
            ? v
            : v.Value == l.Value ? l
            : l with { Value = v.Value, Kind = FieldSourceKinds.Correction, Found = l.Value })];
    }

    /// <summary>
    /// 一套材料: the trigger licence stands in for the material of its type in every drafted service that lists it,
    /// attached as a verifiable reference (a skipped service's licence, as if that service had been chosen and done).
    /// </summary>
    public static ApplicationPlan WithLicenceMaterials(ApplicationPlan plan, OneThingDefinition thing,
        CaseDocument licence)
    {
        var guides = thing.Services.ToDictionary(s => s.Code, s => s.Guide?.Materials ?? []);
        var spared = plan.MaterialsSpared.ToList();
        var services = plan.Services.Select(s =>
        {
            var attached = (s.Attached ?? []).ToList();
            foreach (var m in guides.GetValueOrDefault(s.Code, [])
                         .Where(m => m.SuppliedBy?.LicenceType == licence.LicenceType
                                     && attached.All(a => a.Code != m.Code)))
            {
                attached.Add(new CaseMaterial(m.Code, m.Name, $"licence:{licence.LicenceType}",
                    licence with { Name = m.Name }));
                if (spared.All(x => x.Code != m.Code))
                    spared.Add(new SparedMaterial(m.Code, m.Name,
                        new MaterialSource(LicenceType: licence.LicenceType)));
            }
            return s with { Attached = attached };
        }).ToList();
        return plan with { Services = services, MaterialsSpared = spared };
    }

    public static IReadOnlyList<string> FilledByHub(IEnumerable<CaseFormValue> values) =>
        [.. values.Where(v => v.Kind is FieldSourceKinds.Licence or FieldSourceKinds.Exchange).Select(v => v.Code)];

    public static DraftField Field(OneFormField f, CaseFormValue? value) =>
        new(f.Code, f.First.Label, f.First.Type, f.NeededAtSubmission, [.. f.Uses.Select(u => u.Service)], value);
}
