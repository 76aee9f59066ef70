using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// --demo: a steady stream of applications across the whole catalog, from the city's window and the districts'
/// offices, so the hub (and its dashboard) has life in it from the first minute.
/// </summary>
public sealed class Demo(
    SimulatorOptions options,
    Departments departments,
    HubClient hub,
    Catalog catalog,
    ILogger<Demo> log
) : BackgroundService
{
    public int Submitted;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (options.DemoPerSecond <= 0)
            return;
        var random = options.Seed is { } seed ? new Random(seed + 1) : Random.Shared;
        var frontOffices = departments
            .Keys.Departments.Keys.Where(d => d == "government-services" || d.StartsWith("district-"))
            .ToList();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.DemoPerSecond));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var thing = catalog.OneThings[random.Next(catalog.OneThings.Count)];
            var applicant =
                thing.Audience == Audiences.Individual ? Identities.Person(random) : Identities.Enterprise(random);
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
