using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// --demo: a steady stream of applications across the whole catalog, from the city's window and the districts'
/// offices, so the hub (and its dashboard) has life in it from the first minute.
/// </summary>
public sealed class Demo(SimulatorOptions options, Departments departments, HubClient hub, Catalog catalog, ILogger<Demo> log) : BackgroundService
{
    public int Submitted;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (options.DemoPerSecond <= 0) return;
        var random = options.Seed is { } seed ? new Random(seed + 1) : Random.Shared;
        var frontOffices = departments.Keys.Departments.Keys.Where(d => d == "government-services" || d.StartsWith("district-")).ToList();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.DemoPerSecond));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var thing = catalog.OneThings[random.Next(catalog.OneThings.Count)];
            var applicant = thing.Audience == Audiences.Individual ? Identities.Person(random) : Identities.Enterprise(random);
            var request = new SubmitApplication(thing.Code, applicant, Identities.Form(thing, random));
            var office = frontOffices[random.Next(frontOffices.Count)];
            try
            {
                await hub.Send(departments.Key(office), HttpMethod.Post, "/api/applications", request, ct);
                Interlocked.Increment(ref Submitted);
            }
            catch (HttpRequestException e)
            {
                log.LogWarning("Demo application for {OneThing} refused: {Error}", thing.Code, e.Message);
            }
        }
    }
}

/// <summary>Made-up applicants with valid check characters, and forms filled as the guides ask.</summary>
public static class Identities
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    private static readonly string[] Given = ["晓明", "丽华", "建国", "思远", "雨桐", "浩然", "子涵", "欣怡"];

    public static Applicant Person(Random r)
    {
        var born = new DateOnly(1950, 1, 1).AddDays(r.Next(0, 27000));
        var first17 = $"1201{r.Next(1, 17):00}{born:yyyyMMdd}{r.Next(0, 1000):000}";
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var id = first17 + "10X98765432"[first17.Select((c, i) => (c - '0') * w[i]).Sum() % 11];
        return new Applicant(ApplicantKinds.Person, id, Surnames[r.Next(Surnames.Length)] + Given[r.Next(Given.Length)], $"138{r.Next(10000000, 99999999)}");
    }

    public static Applicant Enterprise(Random r)
    {
        const string a = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "9112" + string.Concat(Enumerable.Range(0, 13).Select(_ => a[r.Next(a.Length)]));
        int[] w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var code = first17 + a[(31 - first17.Select((c, i) => a.IndexOf(c) * w[i]).Sum() % 31) % 31];
        return new Applicant(ApplicantKinds.Enterprise, code, $"天津{Given[r.Next(Given.Length)]}科技有限公司", $"139{r.Next(10000000, 99999999)}");
    }

    public static Dictionary<string, string> Form(OneThingDefinition thing, Random r)
    {
        var defaults = (thing.Alternatives ?? []).SelectMany(g => g.Skip(1)).ToHashSet();
        var skip = new HashSet<string> { "applicant-name", "applicant-resident-id", "applicant-phone", "enterprise-name", "enterprise-uscc", "contact-phone" };
        return thing.Services.Where(s => !defaults.Contains(s.Code)).SelectMany(s => s.Guide?.FormFields ?? [])
            .Where(f => !skip.Contains(f.Code)).GroupBy(f => f.Code).Select(g => g.First())
            .ToDictionary(f => f.Code, f => f.Type switch
            {
                "date" => DateOnly.FromDateTime(DateTime.Today.AddDays(-r.Next(1, 300))).ToString("yyyy-MM-dd"),
                "resident-id" => Person(r).IdNumber,
                "uscc" => Enterprise(r).IdNumber,
                "phone" => $"137{r.Next(10000000, 99999999)}",
                "integer" => r.Next(1, 10).ToString(),
                "money" => r.Next(100, 10000).ToString(),
                "bool" => "true",
                "choice" => f.Options![r.Next(f.Options.Count)],
                "address" => $"天津市南开区复康路{r.Next(1, 300)}号",
                _ => "示例内容",
            });
    }
}
