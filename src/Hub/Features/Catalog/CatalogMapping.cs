using OneThing.Contracts;

namespace OneThing.Hub.Features.Catalog;

/// <summary>Between the public catalog contract and what the event stores, member for member.</summary>
public static class CatalogMapping
{
    public static PublishedCatalog ToEvent(this CatalogEditionDocument c) => new(
        c.Edition, c.Title, [.. c.OneThings.Select(ToEvent)], c.Source,
        c.Normalisations?.Select(n => new PublishedNormalisation(n.Where, n.Seed, n.Normalised, n.Note)).ToList());

    public static CatalogEditionDocument ToContract(this PublishedCatalog c) => new(
        c.Edition, c.Title, [.. c.OneThings.Select(ToContract)], c.Source,
        c.Normalisations?.Select(n => new Normalisation(n.Where, n.Seed, n.Normalised, n.Note)).ToList());

    private static PublishedOneThing ToEvent(OneThingDefinition o) => new(
        o.Code, o.Number, o.Name, o.Audience, o.LeadUnits, [.. o.Services.Select(ToEvent)], o.NameEn,
        o.RequiredTogether, o.Alternatives, o.OrderingNote,
        o.OpenedBy?.Select(t => new PublishedTrigger(t.Licence, t.Fill,
            t.Applicant?.Select(a => new PublishedTriggerApplicant(a.IdNumber, a.Name)).ToList(), t.Skip)).ToList());

    private static OneThingDefinition ToContract(PublishedOneThing o) => new(
        o.Code, o.Number, o.Name, o.Audience, o.LeadUnits, [.. o.Services.Select(ToContract)], o.NameEn,
        o.RequiredTogether, o.Alternatives, o.OrderingNote,
        o.OpenedBy?.Select(t => new OneThingTrigger(t.Licence, t.Fill,
            t.Applicant?.Select(a => new TriggerApplicant(a.IdNumber, a.Name)).ToList(), t.Skip)).ToList());

    private static PublishedService ToEvent(InvolvedService s) => new(
        s.Code, s.Name, s.ResponsibleUnits, s.Prerequisites, s.TimeLimitDays, s.NameEn, s.TimeLimitSource,
        s.Guide is { } g ? ToEvent(g) : null, s.JointWork);

    private static InvolvedService ToContract(PublishedService s) => new(
        s.Code, s.Name, s.ResponsibleUnits, s.Prerequisites, s.TimeLimitDays, s.NameEn, s.TimeLimitSource,
        s.Guide is { } g ? ToContract(g) : null, s.JointWork);

    private static PublishedGuide ToEvent(ServiceGuide g) => new(
        g.LegalBasis, g.Conditions,
        [.. g.Materials.Select(m => new PublishedMaterial(m.Code, m.Name, m.Form, m.Count,
            m.SuppliedBy is { } s ? new PublishedSource(s.LicenceType, s.Resource, s.FromService) : null, m.Note))],
        g.Fees, new PublishedResult(g.Result.Kind, g.Result.Name, g.Result.LicenceType),
        [.. g.FormFields.Select(f =>
            new PublishedFormField(f.Code, f.Label, f.Type, f.Required, f.Options, f.FilledFrom,
                f.Source is { } x
                    ? new PublishedFillSource(x.Field, x.Licence, x.Resource, x.Holder, x.Services, x.Query)
                    : null, f.Personal, f.Sensitive))],
        new PublishedProvenance(g.Provenance.Seed, g.Provenance.Ours));

    private static ServiceGuide ToContract(PublishedGuide g) => new(
        g.LegalBasis, g.Conditions,
        [.. g.Materials.Select(m => new GuideMaterial(m.Code, m.Name, m.Form, m.Count,
            m.SuppliedBy is { } s ? new MaterialSource(s.LicenceType, s.Resource, s.FromService) : null, m.Note))],
        g.Fees, new ServiceResult(g.Result.Kind, g.Result.Name, g.Result.LicenceType),
        [.. g.FormFields.Select(f => new FormField(f.Code, f.Label, f.Type, f.Required, f.Options, f.FilledFrom,
            f.Source is { } x ? new FillSource(x.Field, x.Licence, x.Resource, x.Holder, x.Services, x.Query) : null,
            f.Personal, f.Sensitive))],
        new GuideProvenance(g.Provenance.Seed, g.Provenance.Ours));
}
