namespace OneThing.Simulator;

public static partial class PopulationGenerator
{
    private sealed partial class Builder
    {
        public readonly List<Enterprise> Firms = [];
        public readonly List<Property> Homes_ = [];
        public readonly List<HousingContract> Sales = [];
        public readonly List<TaxPayment> Taxes = [];

        private bool Adult(Person p, int from = 18, int to = 200) =>
            p.Alive && p.Age(today) >= from && p.Age(today) < to;

        private static int RetirementAge(Person p) => p.Sex == Sexes.Male ? 60 : 55;

        /// <summary>Enterprises, each with a legal representative from the population (one firm each).</summary>
        public void Enterprises(int count)
        {
            var candidates = People.Where(p => Adult(p, 26, 62)).ToList();
            var taken = new HashSet<string>();
            for (var i = 0; i < count && candidates.Count > 0; i++)
            {
                var rep = candidates[_r.Next(candidates.Count)];
                candidates.Remove(rep);
                var district = District.ByCode(rep.District)!;
                var (trade, scope, food) = Names.Trades[_r.Next(Names.Trades.Count)];
                var firm = Names.FirmNames[_r.Next(Names.FirmNames.Count)];
                if (!taken.Add(firm + trade))
                    firm += Names.FirmNames[_r.Next(Names.FirmNames.Count)];
                taken.Add(firm + trade);
                var type = _r.Next(10) switch
                {
                    < 7 => "有限责任公司",
                    7 => "股份有限公司",
                    8 => "个人独资企业",
                    _ => "合伙企业",
                };
                var name = type switch
                {
                    "股份有限公司" => $"天津{firm}{trade}股份有限公司",
                    "个人独资企业" => $"天津市{district.Name}{firm}{trade}服务部",
                    "合伙企业" => $"天津{firm}{trade}合伙企业(有限合伙)",
                    _ => $"天津市{firm}{trade}有限公司",
                };
                var uscc = IdentityMint.Uscc(district.Code, _r, c => !_numbers.Add(c));
                var established = Day(Max(rep.BirthDate.AddYears(24), new DateOnly(2003, 1, 1)), today.AddDays(-90));
                var capital = new[] { 10m, 50, 100, 200, 500, 1000 }[_r.Next(6)]; // 万元
                Firms.Add(new Enterprise(uscc, name, type, rep.Id, rep.Name, capital,
                    established, district.Code, Address(district).Split("号")[0] + "号", scope,
                    _r.Next(8) == 0 ? "在业" : "存续", $"022-{_r.Next(2000_0000, 8999_9999)}", food));
                Set(rep with { Job = new Job(uscc, established) });
            }
        }

        /// <summary>Jobs, pensions, social security cards and housing fund accounts.</summary>
        public void Work()
        {
            foreach (var p in People.ToList())
            {
                if (!Adult(p))
                    continue;
                var person = p;
                var age = p.Age(today);
                var working = age >= 20 && age < RetirementAge(p);
                if (working && person.Job is null && _r.Next(100) < 72 && Firms.Count > 0)
                {
                    var firm = Firms[_r.Next(Firms.Count)];
                    person = person with
                    {
                        Job = new Job(firm.Uscc,
                            Day(Max(firm.Established, p.BirthDate.AddYears(20)), today.AddDays(-20))),
                    };
                }
                var startedWork = p.BirthDate.AddYears(20 + _r.Next(0, 4));
                if (!working)
                    person = person with
                    {
                        Pension = new Pension("企业职工基本养老保险", startedWork, p.BirthDate.AddYears(RetirementAge(p))),
                    };
                else if (person.Job is { } job)
                    person = person with { Pension = new Pension("企业职工基本养老保险", Min(job.Since, startedWork)) };
                else if (_r.Next(10) < 6)
                    person = person with { Pension = new Pension("城乡居民基本养老保险", Day(p.BirthDate.AddYears(18), today)) };
                if (person.Pension is not null)
                    person = person with { SocialSecurityCard = Number("ABCDE"[_r.Next(5)].ToString(), 8) };
                if (person.Job is not null || (!working && _r.Next(2) == 0))
                    person = person with { HousingFundAccount = Number("1201", 8) };
                Set(person);
            }
        }

        /// <summary>Veterans, disabilities, minimum living allowances, driving licences and cars, convictions: each
        /// at least once, so that every register answers for someone even in a small population.</summary>
        public void Facets()
        {
            var men = People.Where(p => p.Sex == Sexes.Male && Adult(p, 21, 60) && p.MartyrKin is null).ToList();
            var veterans = Pick(men, Math.Max(1, People.Count / 40));
            for (var i = 0; i < veterans.Count; i++)
                Set(Get(veterans[i].Id) with { Veteran = NewVeteran(veterans[i], recent: i == 0) });

            foreach (var p in Pick(People.Where(p => p.Alive).ToList(), Math.Max(1, People.Count / 35)))
            {
                var category = Disability.Categories[_r.Next(Disability.Categories.Count)];
                var guardian = p.Age(today) < 18 || category is "智力残疾" or "精神残疾"
                    ? People.FirstOrDefault(o => o.HouseholdNumber == p.HouseholdNumber && o.Id != p.Id
                        && Adult(o))?.Name
                    : null;
                var issued = Day(Max(p.BirthDate.AddYears(1), today.AddYears(-9)), today.AddDays(-30));
                Set(Get(p.Id) with
                {
                    Disability = new Disability(category, Disability.Grades[_r.Next(4)], issued, guardian),
                });
            }

            foreach (var h in Pick(Households, Math.Max(1, Households.Count / 30)))
            {
                var alive = h.Members.Select(Get).Where(m => m.Alive).ToList();
                var type = alive.Count == 1 && alive[0].Age(today) >= 60 ? "特困供养人员" : "最低生活保障对象";
                var since = Day(today.AddYears(-5), today.AddDays(-60));
                foreach (var m in alive)
                    Set(m with { Allowance = new Allowance(type, since, alive.Count) });
            }

            foreach (var p in People.Where(p => Adult(p, 18, 72)).ToList())
            {
                if (_r.Next(100) < 55)
                {
                    var first = Day(p.BirthDate.AddYears(18), today.AddDays(-60));
                    var renewed = Day(Max(first, today.AddYears(-5)), today.AddDays(-10));
                    var person = p with
                    {
                        Driving = new Driving(new[] { "C1", "C1", "C1", "C1", "C2", "B2", "A1" }[_r.Next(7)], first,
                            renewed, Number("1201", 8)),
                    };
                    if (_r.Next(100) < 60)
                        person = person with
                        {
                            Vehicle = new Vehicle(Plate(), IdentityMint.Vin(_r), "乘用车", _r.Next(1450, 2300),
                                Day(first, today.AddDays(-10))),
                        };
                    Set(person);
                }
                if (_r.Next(100) == 0)
                    Set(Get(p.Id) with
                    {
                        Conviction = new Conviction("危险驾驶罪,判处拘役一个月,并处罚金",
                            Day(p.BirthDate.AddYears(19), today.AddYears(-1))),
                    });
            }
        }

        private Veteran NewVeteran(Person p, bool recent)
        {
            // The first veteran came home this year and has not reported yet: the 退役军人 One Thing is theirs.
            var years = recent ? 2 : new[] { 2, 2, 2, 5, 8, 12 }[_r.Next(6)];
            var enlisted = recent
                ? Max(today.AddYears(-2).AddDays(-_r.Next(20, 150)), p.BirthDate.AddYears(18))
                : Day(p.BirthDate.AddYears(18), p.BirthDate.AddYears(20));
            var discharged = Min(enlisted.AddYears(years), today.AddDays(-10));
            DateOnly? reported = recent ? null : discharged.AddDays(_r.Next(5, 30));
            var award = _r.Next(20) switch { 0 => "二等功", < 3 => "三等功", _ => null };
            return new Veteran(years >= 12 && _r.Next(2) == 0 ? "军队转业干部" : "退役士兵", enlisted, discharged,
                _r.Next(4) == 0 ? "安排工作" : "自主就业", reported, Number($"TJ{p.District}", 6), award);
        }

        private string Plate()
        {
            const string letters = "ABCDEFGHJKLMNQR", tail = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
            while (true)
            {
                var plate = $"津{letters[_r.Next(letters.Length)]}{string.Concat(Enumerable.Range(0, 5)
                    .Select(i => i == 0 ? (char)('0' + _r.Next(10)) : tail[_r.Next(tail.Length)]))}";
                if (_numbers.Add(plate))
                    return plate;
            }
        }

        /// <summary><paramref name="count"/> different members of <paramref name="from"/>, in a seeded
        /// order.</summary>
        private List<T> Pick<T>(List<T> from, int count)
        {
            var pool = from.ToList();
            var picked = new List<T>();
            while (picked.Count < count && pool.Count > 0)
            {
                var i = _r.Next(pool.Count);
                picked.Add(pool[i]);
                pool.RemoveAt(i);
            }
            return picked;
        }
    }
}
