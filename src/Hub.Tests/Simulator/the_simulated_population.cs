extern alias sim;
using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Platform;
using sim::OneThing.Simulator;
using static OneThing.Hub.Tests.Simulator.SimulatorSeeds;

namespace OneThing.Hub.Tests.Simulator;

/// <summary>The made-up population the simulated departments answer from: valid numbers, one story told the same
/// way by every register, records their resources' schemas accept, and the same people for the same seed.</summary>
public sealed class the_simulated_population
{
    private static readonly Population People = Population();
    private static readonly Registers Registers = new(People);

    [Fact]
    public void every_resident_has_a_valid_number_of_a_tianjin_district_with_their_birth_date_and_sex()
    {
        Assert.True(People.People.Count >= 240);
        foreach (var p in People.People)
        {
            Assert.True(IdentityNumbers.IsResidentId(p.Id), p.Id);
            Assert.Contains(District.All, d => d.Code == p.Id[..6]);
            Assert.Equal(p.BirthDate.ToString("yyyyMMdd"), p.Id[6..14]);
            Assert.Equal(p.Sex == Sexes.Male, (p.Id[16] - '0') % 2 == 1);
        }
        Assert.Equal(People.People.Count, People.People.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public void every_enterprise_has_a_valid_credit_code_and_a_legal_representative_from_the_population()
    {
        Assert.NotEmpty(People.Enterprises);
        foreach (var e in People.Enterprises)
        {
            Assert.True(IdentityNumbers.IsUnifiedSocialCreditCode(e.Uscc), e.Uscc);
            Assert.Equal(e.DistrictCode, e.Uscc[2..8]);
            Assert.Equal(e.Uscc[16], IdentityMint.OrganisationCheck(e.Uscc[8..16]));
            Assert.Equal(e.LegalRepresentativeName, People.Person(e.LegalRepresentativeId)?.Name);
        }
    }

    [Fact]
    public void the_check_characters_are_those_of_the_standards()
    {
        // GB 11643's example (a number of the standard's annex), GB 11714's and ISO 3779's worked examples.
        Assert.Equal('X', IdentityNumbers.ResidentIdCheck("11010519491231002"));
        Assert.Equal('X', IdentityMint.OrganisationCheck("D2143569"));
        Assert.Equal('X', IdentityMint.VinCheck("1M8GDM9AXKP042788"));
        Assert.All(People.People.Where(p => p.Vehicle is not null),
            p => Assert.Equal(p.Vehicle!.Vin[8], IdentityMint.VinCheck(p.Vehicle.Vin)));
    }

    [Fact]
    public void the_districts_are_the_registry_s_with_their_front_offices()
    {
        var registry = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root(), "seeds", "departments.json")))
            .RootElement.GetProperty("departments").EnumerateArray()
            .Where(d => d.GetProperty("district").ValueKind == JsonValueKind.String)
            .ToDictionary(d => d.GetProperty("code").GetString()!, d => d.GetProperty("district").GetString()!);
        Assert.Equal(registry.Count, District.All.Count);
        Assert.All(District.All, d => Assert.Equal(d.Name, registry[d.Office]));
    }

    [Fact]
    public void the_same_seed_gives_the_same_people_and_another_seed_others()
    {
        string Json(Population p) => JsonSerializer.Serialize(new
        {
            p.People, p.Households, p.Enterprises, p.Properties, p.Contracts, p.Taxes,
        }, HubJson.Options);
        Assert.Equal(Json(Population(11, 120)), Json(Population(11, 120)));
        Assert.NotEqual(Json(Population(11, 120)), Json(Population(12, 120)));
    }

    [Fact]
    public void households_spouses_employers_and_owners_agree_with_each_other()
    {
        foreach (var h in People.Households)
        {
            Assert.Contains(h.HouseholderId, h.Members);
            Assert.All(People.Members(h), m => Assert.Equal(h.Number, m.HouseholdNumber));
            Assert.StartsWith($"天津市{District.ByCode(h.DistrictCode)!.Name}", h.Address);
        }
        foreach (var p in People.People.Where(p => p.Marriage is not null))
        {
            var spouse = People.Person(p.Marriage!.SpouseId)!;
            Assert.Equal(p.Id, spouse.Marriage!.SpouseId);
            Assert.Equal(spouse.Name, p.Marriage.SpouseName);
            Assert.NotEqual(p.Sex, spouse.Sex);
        }
        Assert.All(People.People.Where(p => p.Job is not null),
            p => Assert.NotNull(People.Enterprise(p.Job!.EmployerUscc)));
        Assert.All(People.Properties, h => Assert.Equal(h.OwnerName,
            People.Person(h.OwnerId)?.Name ?? People.Enterprise(h.OwnerId)?.Name));
        Assert.All(People.People.Where(p => p.MartyrKin is not null),
            p => Assert.False(People.Person(p.MartyrKin!.MartyrId)!.Alive));
    }

    [Fact]
    public void every_register_of_the_seeds_answers_for_someone_with_records_its_schema_accepts()
    {
        var ids = People.People.Select(p => p.Id).Concat(People.Enterprises.Select(e => e.Uscc)).ToList();
        foreach (var resource in Resources.Keys)
        {
            Assert.True(Registers.Keeps(resource), $"no register of {resource}");
            var key = Registers.HolderKeys[resource];
            Assert.Contains(key,
                Resources[resource].GetProperty("queryBy").EnumerateArray().Select(k => k.GetString()));
            var records = ids.SelectMany(id => Registers.Find(resource, new Dictionary<string, string> { [key] = id },
                RecordSchema(resource))!).ToList();
            Assert.True(records.Count > 0, $"nobody in {resource}");
            Assert.Empty(records.SelectMany(r => Errors(resource, r)));
        }
    }

    [Fact]
    public void a_person_s_name_is_the_same_in_every_register_and_their_address_in_each_that_has_one()
    {
        foreach (var p in People.People)
        {
            var address = People.HouseholdOf(p)!.Address;
            foreach (var (resource, key) in Registers.HolderKeys)
                foreach (var record in Registers.Find(resource, new Dictionary<string, string> { [key] = p.Id })!)
                {
                    foreach (var member in new[] { "name", "survivorName", "rightHolderName", "buyerName" })
                        if (record.TryGetProperty(member, out var name))
                            Assert.Equal(p.Name, name.GetString());
                    if (record.TryGetProperty("householdAddress", out var at))
                        Assert.Equal(address, at.GetString());
                }
        }
    }

    [Fact]
    public void a_query_finds_its_holder_s_records_narrowed_by_the_other_keys_and_nothing_for_strangers()
    {
        var owner = People.Properties.First(h => People.Person(h.OwnerId) is not null);
        var byOwner = Registers.Find("real-estate-registration-record",
            new Dictionary<string, string> { ["rightHolderId"] = owner.OwnerId })!;
        Assert.Contains(byOwner, r => r.GetProperty("certificateNumber").GetString() == owner.CertificateNumber);
        var byNumber = Registers.Find("real-estate-registration-record",
            new Dictionary<string, string> { ["certificateNumber"] = owner.CertificateNumber })!;
        Assert.Equal(owner.UnitNumber, Assert.Single(byNumber).GetProperty("realEstateUnitNumber").GetString());
        Assert.Empty(Registers.Find("real-estate-registration-record", new Dictionary<string, string>
        {
            ["rightHolderId"] = owner.OwnerId,
            ["certificateNumber"] = "津(2020)和平区不动产权第0000000号",
        })!);

        var stranger = Applications.ApplicationScenarios.ResidentId();
        Assert.Null(People.Person(stranger));
        Assert.Empty(Registers.Find("household-registration-record",
            new Dictionary<string, string> { ["residentId"] = stranger })!);
        Assert.Empty(Registers.Find("household-registration-record", new Dictionary<string, string>())!);
        Assert.Null(Registers.Find("a-resource-of-a-test", new Dictionary<string, string> { ["id"] = stranger }));
    }

    [Fact]
    public void the_rare_registers_have_someone_even_in_a_small_population()
    {
        var small = Population(3, 20);
        var registers = new Registers(small);
        var ids = small.People.Select(p => p.Id).ToList();
        foreach (var resource in new[]
                 {
                     "veteran-record", "martyr-family-record", "disability-certificate-record",
                     "minimum-living-allowance-record", "death-information-record", "marriage-registration-record",
                     "housing-transaction-contract-record",
                 })
            Assert.Contains(ids, id => registers.Has(resource, id));
    }
}
