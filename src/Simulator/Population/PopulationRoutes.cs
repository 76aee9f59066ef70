using System.Text.Json;

namespace OneThing.Simulator;

/// <summary>
/// Who lives in the simulation, for tests and the demo (the simulator's own routes, not the hub's):
/// <list type="bullet">
/// <item><c>GET /sim/population?kind=person|enterprise&amp;limit=20&amp;has=a,b&amp;lacks=c&amp;district=&amp;
/// minAge=&amp;maxAge=&amp;sex=&amp;deceased=false</c>: people or enterprises with their numbers, district, the
/// registers that hold a record of them and the licences they hold. <c>has</c> and <c>lacks</c> take resource codes
/// (household-registration-record...) and licence types (resident-id-card...); <c>district</c> a code, a name or a
/// front office (district-nankai); the dead are listed only with <c>deceased=true</c>.</item>
/// <item><c>GET /sim/population/couples?limit=&amp;has=&amp;lacks=&amp;minAge=&amp;maxAge=&amp;district=</c>: living
/// married couples of one household; each spouse of the age and district asked for, what <c>has</c> names held by
/// one of them at least, what <c>lacks</c> names by neither.</item>
/// <item><c>GET /sim/population/{idNumber}</c>: one person or enterprise with every record the registers hold.</item>
/// </list>
/// </summary>
public static class PopulationRoutes
{
    public static void MapPopulation(this WebApplication app)
    {
        app.MapGet("/sim/population", (HttpRequest request, Population population, Registers registers,
            Licences licences) =>
        {
            var filter = Filter.From(request.Query);
            var entries = request.Query["kind"] == "enterprise"
                ? population.Enterprises.Select(e => (object)Describe(e, population, registers, licences))
                    .Where(e => filter.Matches((EnterpriseEntry)e))
                : population.People.Select(p => (object)Describe(p, population, registers, licences))
                    .Where(p => filter.Matches((PersonEntry)p));
            var list = entries.Take(filter.Limit).ToList();
            return Results.Ok(new { count = list.Count, entries = list });
        });

        app.MapGet("/sim/population/couples", (HttpRequest request, Population population, Registers registers,
            Licences licences) =>
        {
            var filter = Filter.From(request.Query);
            var couples = population.People
                .Where(p => p is { Alive: true, Sex: Sexes.Male, Marriage: { } m }
                    && population.Person(m.SpouseId) is { Alive: true } wife
                    && wife.HouseholdNumber == p.HouseholdNumber)
                .Select(p => (Husband: Describe(p, population, registers, licences),
                    Wife: Describe(population.Person(p.Marriage!.SpouseId)!, population, registers, licences)))
                .Where(c => filter.Matches(c.Husband, c.Wife))
                .Take(filter.Limit)
                .Select(c => new { husband = c.Husband, wife = c.Wife, c.Husband.HouseholdNumber,
                    c.Husband.HouseholdAddress })
                .ToList();
            return Results.Ok(new { count = couples.Count, couples });
        });

        app.MapGet("/sim/population/{idNumber}", async (string idNumber, Population population,
            Registers registers, Catalog catalog, Licences licences, CancellationToken ct) =>
        {
            object? entry = population.Person(idNumber) is { } p ? Describe(p, population, registers, licences)
                : population.Enterprise(idNumber) is { } e ? Describe(e, population, registers, licences)
                : null;
            if (entry is null)
                return Results.NotFound();
            // What each provider would answer to a query by this number: the same records, shaped the same way.
            var records = new Dictionary<string, IReadOnlyList<JsonElement>>();
            foreach (var (code, key) in Registers.HolderKeys)
                if (registers.Find(code, new Dictionary<string, string> { [key] = idNumber },
                        (await catalog.Resource(code, ct))?.RecordSchema) is { Count: > 0 } found)
                    records[code] = found;
            return Results.Ok(new { entry, records });
        });
    }

    public sealed record PersonEntry(
        string Kind,
        string IdNumber,
        string Name,
        string Sex,
        string Ethnicity,
        string BirthDate,
        int Age,
        string District,
        string DistrictName,
        string Office,
        string HouseholdNumber,
        string? HouseholdAddress,
        string Relation,
        string? Phone,
        string? SpouseId,
        bool Deceased,
        IReadOnlyList<string> Resources,
        IReadOnlyList<HeldLicence> Licences
    );

    public sealed record EnterpriseEntry(
        string Kind,
        string IdNumber,
        string Name,
        string Type,
        string District,
        string DistrictName,
        string Office,
        string Domicile,
        string LegalRepresentativeId,
        string LegalRepresentativeName,
        string Phone,
        IReadOnlyList<string> Resources,
        IReadOnlyList<HeldLicence> Licences
    );

    public static PersonEntry Describe(Person p, Population population, Registers registers, Licences licences)
    {
        var district = District.ByCode(p.District)!;
        return new PersonEntry("person", p.Id, p.Name, p.Sex, p.Ethnicity, p.BirthDate.ToString("yyyy-MM-dd"),
            p.Age(population.Today), district.Code, district.Name, district.Office, p.HouseholdNumber,
            population.HouseholdOf(p)?.Address, p.Relation, p.Phone.Length > 0 ? p.Phone : null, p.Marriage?.SpouseId,
            !p.Alive, Registers.HolderKeys.Keys.Where(r => registers.Has(r, p.Id)).Order().ToList(),
            licences.HeldBy(p.Id));
    }

    public static EnterpriseEntry Describe(Enterprise e, Population population, Registers registers,
        Licences licences)
    {
        var district = District.ByCode(e.DistrictCode)!;
        return new EnterpriseEntry("enterprise", e.Uscc, e.Name, e.Type, district.Code, district.Name,
            district.Office, e.Domicile, e.LegalRepresentativeId, e.LegalRepresentativeName, e.Phone,
            Registers.HolderKeys.Keys.Where(r => registers.Has(r, e.Uscc)).Order().ToList(), licences.HeldBy(e.Uscc));
    }

    private sealed record Filter(
        int Limit,
        IReadOnlyList<string> Has,
        IReadOnlyList<string> Lacks,
        string? District,
        int? MinAge,
        int? MaxAge,
        string? Sex,
        bool Deceased
    )
    {
        public static Filter From(IQueryCollection q) => new(
            int.TryParse(q["limit"], out var limit) ? Math.Clamp(limit, 1, 1000) : 20,
            List(q["has"]),
            List(q["lacks"]),
            q["district"].FirstOrDefault(),
            int.TryParse(q["minAge"], out var min) ? min : null,
            int.TryParse(q["maxAge"], out var max) ? max : null,
            q["sex"].FirstOrDefault() is { Length: > 0 } sex ? sex is "male" or "男" ? Sexes.Male : Sexes.Female : null,
            bool.TryParse(q["deceased"], out var deceased) && deceased
        );

        public bool Matches(PersonEntry p) =>
            p.Deceased == Deceased
            && (MinAge is null || p.Age >= MinAge) && (MaxAge is null || p.Age <= MaxAge)
            && (Sex is null || p.Sex == Sex)
            && InDistrict(p.District, p.DistrictName, p.Office)
            && Holds(p.Resources, p.Licences);

        /// <summary>A couple: each spouse of the age, sex and district asked for; what they must have, one of them
        /// has (a home may be in one name); what they must lack, neither has.</summary>
        public bool Matches(PersonEntry husband, PersonEntry wife) =>
            new[] { husband, wife }.All(p => (this with { Has = [], Lacks = [] }).Matches(p))
            && Has.All(what => Held(husband, what) || Held(wife, what))
            && !Lacks.Any(what => Held(husband, what) || Held(wife, what));

        private static bool Held(PersonEntry p, string what) =>
            p.Resources.Contains(what) || p.Licences.Any(l => l.Type == what);

        public bool Matches(EnterpriseEntry e) =>
            InDistrict(e.District, e.DistrictName, e.Office) && Holds(e.Resources, e.Licences);

        private bool InDistrict(string code, string name, string office) =>
            District is null || District == code || District == name || District == office;

        private bool Holds(IReadOnlyList<string> resources, IReadOnlyList<HeldLicence> licences)
        {
            bool Held(string what) => resources.Contains(what) || licences.Any(l => l.Type == what);
            return Has.All(Held) && !Lacks.Any(Held);
        }

        private static IReadOnlyList<string> List(string? csv) =>
            (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
