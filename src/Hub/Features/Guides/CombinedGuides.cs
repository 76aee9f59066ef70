using OneThing.Contracts;

namespace OneThing.Hub.Features.Guides;

/// <summary>
/// 一次告知、一套材料: merges the guides of the chosen services into one. A material or a form field that several
/// services ask for appears once; a material that an e-licence, shared data or an earlier chosen service supplies
/// is marked so, and the applicant does not bring it.
/// </summary>
public static class CombinedGuides
{
    public static OneThingGuide Combine(string edition, OneThingDefinition thing, IReadOnlyList<string> chosen)
    {
        var services = thing.Services.Where(s => chosen.Contains(s.Code)).ToList();
        var guides = services.Where(s => s.Guide is not null).Select(s => (Service: s, Guide: s.Guide!)).ToList();

        var materials = guides.SelectMany(g => g.Guide.Materials.Select(m => (g.Service.Code, Material: m)))
            .GroupBy(x => x.Material.Code)
            .Select(g =>
            {
                var first = g.First().Material;
                var source = g.Select(x => Effective(x.Material.SuppliedBy, chosen)).FirstOrDefault(s => s is not null);
                return new CombinedMaterial(first.Code, first.Name, first.Form, g.Max(x => x.Material.Count),
                    g.Select(x => x.Code).Distinct().ToList(), ApplicantBrings: source is null, source);
            })
            .OrderBy(m => !m.ApplicantBrings).ThenBy(m => m.Code, StringComparer.Ordinal).ToList();

        // The submission's rule: required when a service needs it at submission; filled from a source only when
        // every service that uses it has one (otherwise some service asks the applicant for it).
        var fields = OneForm.Of(services, chosen)
            .Select(f => new CombinedFormField(f.Code, f.First.Label, f.First.Type, f.NeededAtSubmission,
                f.Uses.Select(u => u.Service).Distinct().ToList(), f.First.Options, f.FilledFrom))
            .ToList();

        var conditions = guides.SelectMany(g => g.Guide.Conditions.Select(c => new GuideCondition(g.Service.Code, c)))
            .DistinctBy(c => c.Condition).ToList();
        var stages = Stages(services, chosen);

        return new OneThingGuide(thing.Code, thing.Name, edition, thing.LeadUnits,
            services.Select(s => new GuideService(s.Code, s.Name, s.ResponsibleUnits,
                s.Prerequisites.Where(chosen.Contains).ToList(), s.TimeLimitDays, s.Guide?.LegalBasis ?? [],
                s.Guide?.Fees ?? "", s.Guide?.Result ?? new ServiceResult("document", s.Name))).ToList(),
            conditions, materials, fields, stages, CriticalPath(services, chosen),
            materials.Count(m => m.ApplicantBrings), materials.Count(m => !m.ApplicantBrings));
    }

    /// <summary>
    /// What really stands in for a material given the chosen services: an earlier service supplies its result only
    /// when it is part of this application; an e-licence or shared data always can. Null: the applicant brings it.
    /// </summary>
    public static MaterialSource? Effective(MaterialSource? source, IReadOnlyCollection<string> chosen)
    {
        if (source is null) return null;
        var effective = source.FromService is { } s && !chosen.Contains(s)
            ? source with { FromService = null }
            : source;
        return effective is { LicenceType: null, Resource: null, FromService: null } ? null : effective;
    }

    /// <summary>The order of work: each stage holds the services whose chosen prerequisites are in earlier stages.
    /// </summary>
    private static List<IReadOnlyList<string>> Stages(List<InvolvedService> services, IReadOnlyList<string> chosen)
    {
        var stages = new List<IReadOnlyList<string>>();
        var placed = new HashSet<string>();
        var left = services.ToList();
        while (left.Count > 0)
        {
            var ready = left.Where(s => s.Prerequisites.Where(chosen.Contains).All(placed.Contains))
                .Select(s => s.Code).ToList();
            if (ready.Count == 0) break;   // a cycle: the catalog's rules refuse it on publication
            stages.Add(ready);
            placed.UnionWith(ready);
            left.RemoveAll(s => ready.Contains(s.Code));
        }
        return stages;
    }

    /// <summary>Total committed time: services without an order between them run side by side, so the longest chain
    /// counts.</summary>
    private static int CriticalPath(List<InvolvedService> services, IReadOnlyList<string> chosen)
    {
        var byCode = services.ToDictionary(s => s.Code);
        var memo = new Dictionary<string, int>();
        int Finish(string code) => memo.TryGetValue(code, out var f) ? f : memo[code] =
            byCode[code].TimeLimitDays
            + byCode[code].Prerequisites.Where(chosen.Contains).Select(Finish).DefaultIfEmpty(0).Max();
        return services.Select(s => Finish(s.Code)).DefaultIfEmpty(0).Max();
    }
}
