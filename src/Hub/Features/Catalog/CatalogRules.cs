using OneThing.Contracts;

namespace OneThing.Hub.Features.Catalog;

/// <summary>
/// What a catalog edition must satisfy beyond its JSON Schema: codes unique, every unit in the registry, orderings
/// that name services of the same One Thing and never go round in a circle, one service one definition.
/// </summary>
public static class CatalogRules
{
    public static Dictionary<string, string[]> Check(CatalogEditionDocument catalog, IReadOnlySet<string> departments)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        var thingCodes = new HashSet<string>();
        var serviceDefinitions = new Dictionary<string, (string Name, string Units)>();
        for (var i = 0; i < catalog.OneThings.Count; i++)
        {
            var thing = catalog.OneThings[i];
            var at = $"oneThings[{i}]";
            if (!thingCodes.Add(thing.Code)) Add($"{at}.code", $"Duplicate One Thing code '{thing.Code}'.");
            for (var u = 0; u < thing.LeadUnits.Count; u++)
                if (!departments.Contains(thing.LeadUnits[u]))
                    Add($"{at}.leadUnits[{u}]", $"Unknown department '{thing.LeadUnits[u]}'.");

            var codes = new HashSet<string>();
            for (var s = 0; s < thing.Services.Count; s++)
            {
                var service = thing.Services[s];
                var sat = $"{at}.services[{s}]";
                if (!codes.Add(service.Code))
                    Add($"{sat}.code", $"Duplicate service code '{service.Code}' in '{thing.Code}'.");
                if (service.ResponsibleUnits.Count == 0)
                    Add($"{sat}.responsibleUnits", "A service needs a responsible unit.");
                if (service.JointWork is not null && service.ResponsibleUnits.Count < 2)
                    Add($"{sat}.jointWork", "Joint work (联办) needs several responsible units.");
                for (var u = 0; u < service.ResponsibleUnits.Count; u++)
                    if (!departments.Contains(service.ResponsibleUnits[u]))
                        Add($"{sat}.responsibleUnits[{u}]", $"Unknown department '{service.ResponsibleUnits[u]}'.");

                var definition = (service.Name, string.Join(",", service.ResponsibleUnits.Order()));
                if (serviceDefinitions.TryGetValue(service.Code, out var seen) && seen != definition)
                    Add($"{sat}.code", $"Service code '{service.Code}' is used elsewhere for another service.");
                serviceDefinitions.TryAdd(service.Code, definition);
            }

            for (var s = 0; s < thing.Services.Count; s++)
                foreach (var before in thing.Services[s].Prerequisites.Where(p => !codes.Contains(p)))
                    Add($"{at}.services[{s}].prerequisites", $"'{before}' is not a service of '{thing.Code}'.");
            if (HasCycle(thing)) Add($"{at}.services", "The prerequisites go round in a circle.");

            if (!HasCycle(thing)) CheckSources(thing, at, Add);
            CheckGroups(thing.RequiredTogether, $"{at}.requiredTogether", codes, Add);
            CheckGroups(thing.Alternatives, $"{at}.alternatives", codes, Add);
            CheckTriggers(thing, at, Add);
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    // A source must be answerable within the service itself: the form fields it reads are the service's own, and
    // the services it waits for come before it and produce the licence it reads.
    private static void CheckSources(OneThingDefinition thing, string at, Action<string, string> add)
    {
        var byCode = thing.Services.GroupBy(s => s.Code).ToDictionary(g => g.Key, g => g.First());
        for (var s = 0; s < thing.Services.Count; s++)
        {
            var service = thing.Services[s];
            var fields = service.Guide?.FormFields ?? [];
            var own = fields.Select(f => f.Code).ToHashSet();
            var before = Earlier(service, byCode);
            for (var f = 0; f < fields.Count; f++)
            {
                if (fields[f].Source is not { } source) continue;
                var fat = $"{at}.services[{s}].guide.formFields[{f}].source";
                var kind = source.Licence is null ? $"resource:{source.Resource}" : $"licence:{source.Licence}";
                if (fields[f].FilledFrom != kind)
                    add(fat, $"filledFrom says {fields[f].FilledFrom}, the source {kind}.");
                foreach (var read in (source.Query?.Values ?? []).Append(source.Holder).OfType<string>())
                    if (!own.Contains(read) || read == fields[f].Code)
                        add(fat, $"'{read}' is not another field of {service.Code}'s form.");
                foreach (var earlier in source.Services ?? [])
                    if (!before.Contains(earlier)
                        || byCode[earlier].Guide?.Result.LicenceType != source.Licence)
                        add(fat, $"'{earlier}' is not a service before {service.Code} that issues {source.Licence}.");
            }
        }
    }

    // A trigger must leave services to draft, skip only services of the One Thing, and fill only fields of the form
    // of those it leaves; an applicant is a person, so only individuals' One Things name one.
    private static void CheckTriggers(OneThingDefinition thing, string at, Action<string, string> add)
    {
        var triggers = thing.OpenedBy ?? [];
        for (var t = 0; t < triggers.Count; t++)
        {
            var trigger = triggers[t];
            var tat = $"{at}.openedBy[{t}]";
            if (triggers.Take(t).Any(x => x.Licence == trigger.Licence))
                add($"{tat}.licence", $"{trigger.Licence} opens {thing.Code} twice.");
            if (thing.Audience != Audiences.Individual)
                add(tat, "Only a One Thing for individuals is opened by a person's licence.");
            var skip = trigger.Skip ?? [];
            foreach (var code in skip.Where(c => thing.Services.All(s => s.Code != c)))
                add($"{tat}.skip", $"'{code}' is not a service of {thing.Code}.");
            var left = thing.Services.Where(s => !skip.Contains(s.Code)).ToList();
            if (left.Count == 0) add($"{tat}.skip", "The trigger leaves no service to draft.");
            var form = left.SelectMany(s => s.Guide?.FormFields ?? []).Select(f => f.Code).ToHashSet();
            foreach (var field in trigger.Fill.Keys.Where(f => !form.Contains(f)))
                add($"{tat}.fill", $"'{field}' is not a field of the form of the services drafted.");
        }
    }

    private static HashSet<string> Earlier(InvolvedService service, Dictionary<string, InvolvedService> byCode)
    {
        var seen = new HashSet<string>();
        var next = new Stack<string>(service.Prerequisites);
        while (next.TryPop(out var code))
            if (byCode.TryGetValue(code, out var s) && seen.Add(code))
                foreach (var p in s.Prerequisites) next.Push(p);
        return seen;
    }

    private static void CheckGroups(IReadOnlyList<IReadOnlyList<string>>? groups, string at, HashSet<string> codes,
        Action<string, string> add)
    {
        for (var g = 0; g < (groups?.Count ?? 0); g++)
            foreach (var code in groups![g].Where(c => !codes.Contains(c)))
                add($"{at}[{g}]", $"'{code}' is not a service of this One Thing.");
    }

    private static bool HasCycle(OneThingDefinition thing)
    {
        var prerequisites = thing.Services.GroupBy(s => s.Code).ToDictionary(g => g.Key, g => g.First().Prerequisites);
        var state = new Dictionary<string, int>(); // 1 = on the path, 2 = done
        bool Visit(string code)
        {
            if (state.TryGetValue(code, out var s)) return s == 1;
            state[code] = 1;
            var cyclic = prerequisites.TryGetValue(code, out var before) && before.Any(Visit);
            state[code] = 2;
            return cyclic;
        }
        return prerequisites.Keys.Any(Visit);
    }
}
