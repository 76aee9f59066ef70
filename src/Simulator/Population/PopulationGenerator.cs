namespace OneThing.Simulator;

/// <summary>
/// Builds the population from a seed: the same seed and size give the same people, numbers and records in every run
/// of the year (births and registrations are counted back from New Year's Day, so that a hub's store that outlives a
/// run holds the licences of the same people; no hash-ordered collection is ever enumerated for a choice).
/// Households first (families, couples, the elderly, people living alone, martyrs' families), then the enterprises
/// that employ them, then the facets the departments' registers hold, then homes, sales and taxes.
/// </summary>
public static partial class PopulationGenerator
{
    /// <summary>The seed when SIM_SEED is not given, so that every run meets the same people.</summary>
    public const int DefaultSeed = 20221031;

    public static Population Generate(int seed, int size, DateOnly today)
    {
        var b = new Builder(seed, new DateOnly(today.Year, 1, 1));
        for (var i = 0; i < Math.Max(1, size / 150); i++)
            b.MartyrFamily();
        while (b.People.Count < size)
            b.Household();
        b.Enterprises(Math.Max(3, size / 8));
        b.Work();
        b.Facets();
        b.Homes();
        return new Population(seed, today, b.People, b.Households, b.Firms, b.Homes_, b.Sales, b.Taxes);
    }

    private sealed partial class Builder(int seed, DateOnly today)
    {
        private readonly Random _r = new(seed);
        private readonly HashSet<string> _numbers = []; // membership only: never enumerated
        private readonly Dictionary<string, int> _at = [];
        public readonly List<Person> People = [];
        public readonly List<Household> Households = [];

        public void Household()
        {
            var roll = _r.Next(100);
            if (roll < 55)
                Family(bornFrom: 1962, bornTo: 1998, children: _r.Next(0, 10) switch { 0 => 0, < 7 => 1, _ => 2 });
            else if (roll < 67)
                Family(bornFrom: 1993, bornTo: 2001, children: 0);
            else if (roll < 82)
                Family(bornFrom: 1940, bornTo: 1962, children: 0);
            else
                Single();
        }

        /// <summary>A married couple (householder the husband mostly), their children, and now and then the husband's
        /// widowed mother.</summary>
        private void Family(int bornFrom, int bornTo, int children)
        {
            var (district, number, address) = NewHousehold();
            var husbandBorn = Day(new DateOnly(bornFrom, 1, 1), new DateOnly(bornTo, 12, 31));
            var wifeBorn = husbandBorn.AddDays(_r.Next(-3 * 365, 5 * 365));
            wifeBorn = Min(wifeBorn, today.AddYears(-22));
            var ethnicity = Names.Ethnicity(_r);
            var surname = Names.Surname(_r);
            var wifeFirst = _r.Next(5) == 0;
            var husband = NewPerson(district, Sexes.Male, husbandBorn, surname, number, wifeFirst ? "配偶" : "户主",
                ethnicity);
            var wife = NewPerson(district, Sexes.Female, wifeBorn, Names.Surname(_r), number,
                wifeFirst ? "户主" : "配偶", _r.Next(4) == 0 ? Names.Ethnicity(_r) : ethnicity);
            var married = Day(Max(husbandBorn.AddYears(22), wifeBorn.AddYears(20)),
                Min(Max(husbandBorn.AddYears(32), wifeBorn.AddYears(30)), today.AddDays(-30)));
            Marry(husband, wife, married, district);
            var members = new List<string> { husband.Id, wife.Id };
            if (wifeFirst)
                members.Reverse();
            for (var i = 0; i < children; i++)
            {
                var born = Day(married.AddDays(300 + 700 * i), Min(married.AddYears(4 + 3 * i), today.AddDays(-60)));
                if (born > today.AddDays(-60))
                    break;
                var sex = _r.Next(2) == 0 ? Sexes.Male : Sexes.Female;
                members.Add(NewPerson(district, sex, born, surname, number, sex == Sexes.Male ? "子" : "女",
                    ethnicity).Id);
            }
            if (bornFrom > 1960 && _r.Next(5) == 0)
            {
                var mother = NewPerson(district, Sexes.Female, husbandBorn.AddYears(-_r.Next(24, 32)),
                    Names.Surname(_r), number, wifeFirst ? "其他" : "母", ethnicity);
                members.Add(mother.Id);
            }
            Households.Add(new Household(number, district.Code, address, members[0], members));
        }

        private void Single()
        {
            var (district, number, address) = NewHousehold();
            var sex = _r.Next(2) == 0 ? Sexes.Male : Sexes.Female;
            var born = Day(new DateOnly(1945, 1, 1), today.AddYears(-19));
            var person = NewPerson(district, sex, born, Names.Surname(_r), number, "户主", Names.Ethnicity(_r));
            Households.Add(new Household(number, district.Code, address, person.Id, [person.Id]));
        }

        /// <summary>A martyr's family (烈士遗属): the widow keeps the household with a child of school age; the martyr
        /// stays on the register, deregistered at death, and both survivors are on the veterans' register.</summary>
        public void MartyrFamily()
        {
            var (district, number, address) = NewHousehold();
            var childBorn = Day(today.AddYears(-18), today.AddYears(-11));
            var martyrBorn = childBorn.AddYears(-_r.Next(25, 34));
            var surname = Names.Surname(_r);
            var ethnicity = Names.Ethnicity(_r);
            var wife = NewPerson(district, Sexes.Female, martyrBorn.AddDays(_r.Next(-700, 1500)), Names.Surname(_r),
                number, "户主", ethnicity);
            var martyr = NewPerson(district, Sexes.Male, martyrBorn, surname, number, "配偶", ethnicity);
            Marry(martyr, wife, childBorn.AddYears(-_r.Next(1, 4)), district);
            var sex = _r.Next(2) == 0 ? Sexes.Male : Sexes.Female;
            var child = NewPerson(district, sex, childBorn, surname, number, sex == Sexes.Male ? "子" : "女",
                ethnicity);
            var died = Day(childBorn.AddYears(2), today.AddYears(-2));
            var system = new[] { "公安", "消防救援", "军队" }[_r.Next(3)];
            Set(Get(martyr.Id) with
            {
                Death = new Death(died, "执行任务中牺牲", Number("N", 9), "天津市人民医院", died.AddDays(5),
                    "天津市第一殡仪馆"),
            });
            var certificate = Number($"烈证{district.Code}", 5);
            var approved = died.AddDays(_r.Next(90, 240));
            foreach (var (survivor, relation) in new[] { (wife, "配偶"), (child, "子女") })
                Set(Get(survivor.Id) with
                {
                    MartyrKin = new MartyrKin(martyr.Id, relation, certificate, approved, system),
                });
            Households.Add(new Household(number, district.Code, address, wife.Id, [wife.Id, martyr.Id, child.Id]));
        }

        private void Marry(Person husband, Person wife, DateOnly on, District district)
        {
            var authority = district.CivilAffairsBureau;
            var serial = _r.Next(1, 99_000);
            Set(Get(husband.Id) with
            {
                Marriage = new Marriage(wife.Id, wife.Name, on, $"J{district.Code}-{on.Year}-{serial:000000}",
                    authority),
            });
            Set(Get(wife.Id) with
            {
                Marriage = new Marriage(husband.Id, husband.Name, on, $"J{district.Code}-{on.Year}-{serial + 1:000000}",
                    authority),
            });
        }

        private (District, string Number, string Address) NewHousehold()
        {
            var district = District.All[_r.Next(District.All.Count)];
            var number = $"{district.Code}{Households.Count + 1:00000}";
            return (district, number, Address(district));
        }

        public string Address(District d) =>
            $"天津市{d.Name}{d.Streets[_r.Next(d.Streets.Count)]}{_r.Next(1, 400)}号"
            + $"{_r.Next(1, 30)}号楼{_r.Next(1, 7)}门{_r.Next(1, 25)}0{_r.Next(1, 5)}";

        private Person NewPerson(District d, string sex, DateOnly born, string surname, string household,
            string relation, string ethnicity)
        {
            var id = IdentityMint.ResidentId(d.Code, born, sex, _r, _at.ContainsKey);
            // Children under 14 have no phone of their own.
            var phone = born > today.AddYears(-14) ? ""
                : $"1{"3589"[_r.Next(4)]}{_r.Next(0, 10)}{_r.Next(0, 99_999_999):00000000}";
            var person = new Person(id, surname + Names.Given(_r, sex, born), sex, ethnicity, born, household, relation,
                phone);
            _at[id] = People.Count;
            People.Add(person);
            return person;
        }

        public Person Get(string id) => People[_at[id]];

        public void Set(Person p) => People[_at[p.Id]] = p;

        /// <summary>A number never given before: <paramref name="prefix"/> and <paramref name="digits"/>
        /// digits.</summary>
        public string Number(string prefix, int digits)
        {
            while (true)
            {
                var n = prefix + string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + _r.Next(10))));
                if (_numbers.Add(n))
                    return n;
            }
        }

        public DateOnly Day(DateOnly from, DateOnly to) =>
            to <= from ? from : from.AddDays(_r.Next(to.DayNumber - from.DayNumber + 1));

        private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

        private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    }
}
