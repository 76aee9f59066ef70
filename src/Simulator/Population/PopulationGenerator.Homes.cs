namespace OneThing.Simulator;

public static partial class PopulationGenerator
{
    private sealed partial class Builder
    {
        /// <summary>Homes at the households' own addresses, some second homes (a few of them for sale, with a filed
        /// contract), enterprises' premises, the deed tax paid on each and the enterprises' VAT.</summary>
        public void Homes()
        {
            var seconds = new List<Property>();
            foreach (var h in Households)
            {
                var owner = Get(h.HouseholderId);
                if (h.Members.Count < 2 && _r.Next(3) > 0 || _r.Next(100) >= 70)
                    continue;
                Own(owner.Id, owner.Name, h.DistrictCode, h.Address, "住宅", owner.BirthDate.AddYears(23));
                if (_r.Next(100) < 15)
                    seconds.Add(SecondHome(owner));
            }
            // At least one home for sale, so that the second-hand home One Thing has a contract to find.
            if (seconds.Count == 0)
                seconds.Add(SecondHome(Get(Households[0].HouseholderId)));
            foreach (var firm in Firms.Where(_ => _r.Next(100) < 40))
                Own(firm.Uscc, firm.Name, firm.DistrictCode, $"{firm.Domicile}{_r.Next(1, 20)}层",
                    _r.Next(2) == 0 ? "办公" : "商业", firm.Established);

            var buyers = People.Where(p => Adult(p, 22, 70)).ToList();
            foreach (var home in seconds.Where((_, i) => i == 0 || _r.Next(2) == 0))
            {
                var seller = Get(home.OwnerId);
                var candidates = buyers.Where(b => b.HouseholdNumber != seller.HouseholdNumber).ToList();
                if (candidates.Count == 0)
                    continue;
                var buyer = candidates[_r.Next(candidates.Count)];
                var price = Math.Round(home.AreaSqm * _r.Next(16_000, 42_000) / 1000m) * 1000m;
                var filed = Day(today.AddDays(-45), today.AddDays(-1));
                Sales.Add(new HousingContract(Number($"WQ{filed.Year}", 7), home.UnitNumber, home.Location,
                    seller.Id, seller.Name, buyer.Id, buyer.Name, price, filed));
            }

            foreach (var firm in Firms)
                for (var month = 1; month <= 2; month++)
                {
                    var paid = new DateOnly(today.Year, today.Month, 15).AddMonths(-month);
                    Taxes.Add(new TaxPayment(firm.Uscc, firm.Name, "增值税", _r.Next(3_000, 150_000), paid,
                        Number("3", 17)));
                }
        }

        private Property SecondHome(Person owner)
        {
            var elsewhere = District.All[_r.Next(District.All.Count)];
            return Own(owner.Id, owner.Name, elsewhere.Code, Address(elsewhere), "住宅", owner.BirthDate.AddYears(28));
        }

        private Property Own(string ownerId, string ownerName, string district, string location, string usage,
            DateOnly earliest)
        {
            var registered = Day(Max(earliest, new DateOnly(2000, 1, 1)), today.AddDays(-120));
            var area = usage == "住宅" ? Math.Round(45 + (decimal)_r.NextDouble() * 95, 2)
                : Math.Round(80 + (decimal)_r.NextDouble() * 500, 2);
            var unit = $"{district}{_r.Next(1, 30):000}{_r.Next(1, 30):000}GB{_r.Next(1, 99_999):00000}F"
                + $"{_r.Next(1, 9999):0000}{_r.Next(1, 9999):0000}";
            var districtName = District.ByCode(district)!.Name;
            var home = new Property(unit, Number($"津({registered.Year}){districtName}不动产权第", 7) + "号",
                ownerId, ownerName, location, usage, area, registered,
                usage == "住宅" && _r.Next(10) < 3 ? "抵押" : "无");
            Homes_.Add(home);
            // 契税, 1.5 % of a price the register does not keep: about 300 yuan a square metre.
            Taxes.Add(new TaxPayment(ownerId, ownerName, "契税", Math.Round(area * 300, 2),
                registered.AddDays(-_r.Next(1, 10)), Number("3", 17), unit));
            return home;
        }
    }
}
