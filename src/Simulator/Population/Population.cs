using System.Collections.Concurrent;
using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// The made-up people, households, enterprises and properties whose records the simulated departments hold
/// (<see cref="Registers"/>) and whose licences they issued (<see cref="Holdings"/>). Built once from a seed
/// (<see cref="PopulationGenerator"/>); it grows as the departments register newborns and enterprises and record
/// deaths and marriages. Readers see each person whole: a change replaces the record under one lock.
/// </summary>
public sealed class Population
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, Person> _people = new();
    private readonly ConcurrentDictionary<string, Household> _households = new();
    private readonly ConcurrentDictionary<string, Enterprise> _enterprises = new();
    private readonly List<string> _personOrder = [], _enterpriseOrder = [];
    private readonly List<Property> _properties;
    private readonly List<HousingContract> _contracts;
    private readonly List<TaxPayment> _taxes;
    private readonly Random _random; // for new numbers only; guarded by _gate
    private readonly HashSet<string> _minted = []; // numbers given out, registered or not yet; guarded by _gate

    public Population(
        int seed,
        DateOnly today,
        IEnumerable<Person> people,
        IEnumerable<Household> households,
        IEnumerable<Enterprise> enterprises,
        IEnumerable<Property> properties,
        IEnumerable<HousingContract> contracts,
        IEnumerable<TaxPayment> taxes
    )
    {
        (Seed, Today, _random) = (seed, today, new Random(seed ^ 0x51A7));
        foreach (var p in people)
        {
            _people[p.Id] = p;
            _personOrder.Add(p.Id);
        }
        foreach (var h in households)
            _households[h.Number] = h;
        foreach (var e in enterprises)
        {
            _enterprises[e.Uscc] = e;
            _enterpriseOrder.Add(e.Uscc);
        }
        (_properties, _contracts, _taxes) = (properties.ToList(), contracts.ToList(), taxes.ToList());
    }

    public int Seed { get; }

    /// <summary>The day the population was built for: ages and validity are counted from it.</summary>
    public DateOnly Today { get; }

    public IReadOnlyList<Person> People
    {
        get
        {
            lock (_gate)
                return _personOrder.Select(id => _people[id]).ToList();
        }
    }

    public IReadOnlyList<Enterprise> Enterprises
    {
        get
        {
            lock (_gate)
                return _enterpriseOrder.Select(id => _enterprises[id]).ToList();
        }
    }

    public IReadOnlyList<Household> Households => _households.Values.OrderBy(h => h.Number).ToList();
    public IReadOnlyList<Property> Properties => Locked(() => _properties.ToList());
    public IReadOnlyList<HousingContract> Contracts => Locked(() => _contracts.ToList());
    public IReadOnlyList<TaxPayment> Taxes => Locked(() => _taxes.ToList());

    public Person? Person(string? id) => id is null ? null : _people.GetValueOrDefault(id);

    public Enterprise? Enterprise(string? uscc) => uscc is null ? null : _enterprises.GetValueOrDefault(uscc);

    public Household? Household(string? number) => number is null ? null : _households.GetValueOrDefault(number);

    public Household? HouseholdOf(Person p) => Household(p.HouseholdNumber);

    public IReadOnlyList<Person> Members(Household h) =>
        h.Members.Select(id => _people.GetValueOrDefault(id)).OfType<Person>().ToList();

    public IReadOnlyList<Property> PropertiesOf(string ownerId) => Locked(() =>
        _properties.Where(p => p.OwnerId == ownerId).ToList());

    public IReadOnlyList<Person> EmployeesOf(string uscc) => People.Where(p => p.Job?.EmployerUscc == uscc).ToList();

    /// <summary>A register's change to one person (a death, a marriage, a disability certificate).</summary>
    public Person Change(string id, Func<Person, Person> change)
    {
        lock (_gate)
            return _people[id] = change(_people[id]);
    }

    /// <summary>出生登记 (or any registration of a person): the person joins their household's members.</summary>
    public Person Register(Person person)
    {
        lock (_gate)
        {
            _people[person.Id] = person;
            _personOrder.Add(person.Id);
            if (_households.TryGetValue(person.HouseholdNumber, out var household))
                _households[household.Number] = household with
                {
                    Members = [.. household.Members, person.Id],
                    HouseholderId = household.HouseholderId.Length == 0 ? person.Id : household.HouseholderId,
                };
            return person;
        }
    }

    private readonly Dictionary<string, int> _pagesTaken = [];

    /// <summary>The next page of a household's register (户口簿), taken for good: newborns of one household
    /// registered at the same moment each get their own page, though none has joined the members yet.</summary>
    public int NextPage(Household household)
    {
        lock (_gate)
        {
            var members = _households.TryGetValue(household.Number, out var now) ? now.Members.Count
                : household.Members.Count;
            var page = Math.Max(members, _pagesTaken.GetValueOrDefault(household.Number)) + 1;
            _pagesTaken[household.Number] = page;
            return page;
        }
    }

    /// <summary>A household set up for someone the population did not know (an applicant from elsewhere).</summary>
    public Household NewHousehold(District district, string address)
    {
        lock (_gate)
        {
            var number = $"{district.Code}{_households.Count + 1:00000}";
            while (_households.ContainsKey(number))
                number = $"{district.Code}{_random.Next(100_000):00000}";
            return _households[number] = new Household(number, district.Code, address, "", []);
        }
    }

    /// <summary>设立登记: the enterprise joins under the credit code minted for it (<see cref="NewUscc"/>).</summary>
    public Enterprise Register(Enterprise enterprise)
    {
        lock (_gate)
        {
            _enterprises[enterprise.Uscc] = enterprise;
            _enterpriseOrder.Add(enterprise.Uscc);
            return enterprise;
        }
    }

    /// <summary>转移登记: the unit changes hands under a new certificate.</summary>
    public void Transfer(Property home, string ownerId, string ownerName, string certificate, DateOnly on)
    {
        lock (_gate)
        {
            var i = _properties.FindIndex(p => p.UnitNumber == home.UnitNumber);
            if (i >= 0)
                _properties[i] = home with
                {
                    OwnerId = ownerId,
                    OwnerName = ownerName,
                    CertificateNumber = certificate,
                    Registered = on,
                };
            _contracts.RemoveAll(c => c.UnitNumber == home.UnitNumber && c.BuyerId == ownerId);
        }
    }

    /// <summary>A new GB 11643 number: district, birth date, a sequence whose last digit is odd for men, and the
    /// check character; never one already given.</summary>
    public string NewResidentId(string districtCode, DateOnly born, string sex)
    {
        lock (_gate)
            return IdentityMint.ResidentId(districtCode, born, sex, _random,
                id => !_minted.Add(id) || _people.ContainsKey(id));
    }

    public string NewUscc(string districtCode)
    {
        lock (_gate)
            return IdentityMint.Uscc(districtCode, _random,
                code => !_minted.Add(code) || _enterprises.ContainsKey(code));
    }

    /// <summary>A new number of <paramref name="digits"/> digits after <paramref name="prefix"/>, for certificates
    /// and vouchers issued while the simulator runs; never the same twice.</summary>
    public string NewNumber(string prefix, int digits)
    {
        lock (_gate)
            while (true)
            {
                var n = prefix + string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + _random.Next(10))));
                if (_minted.Add(n))
                    return n;
            }
    }

    public Applicant Applicant(Person p) =>
        new(ApplicantKinds.Person, p.Id, p.Name, p.Phone.Length > 0 ? p.Phone : null);

    public Applicant Applicant(Enterprise e) => new(ApplicantKinds.Enterprise, e.Uscc, e.Name, e.Phone);

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
            return read();
    }
}
