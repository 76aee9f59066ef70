using Microsoft.Kiota.Abstractions;
using OneThing.Contracts;
using Wire = OneThing.Client.Models;

namespace OneThing.Simulator;

/// <summary>
/// --demo: a steady stream of applications across the whole catalog, from the city's window and the districts'
/// offices, for people and enterprises of the population. Each goes as a front office does it: ask the hub how it
/// would fill the form (POST /api/applications/preview), type only the fields it lists as still to type, submit.
/// </summary>
public sealed class Demo(
    SimulatorOptions options,
    Departments departments,
    HubClient hub,
    Catalog catalog,
    Applicants applicants,
    Population population,
    ILogger<Demo> log
) : BackgroundService
{
    public int Submitted,
        Typed,
        Filled;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (options.DemoPerSecond <= 0)
            return;
        var random = options.Seed is { } seed ? new Random(seed + 1) : Random.Shared;
        while (!Startup.Ready) // the catalog read and the population's licences in the hub
            await Task.Delay(200, ct);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.DemoPerSecond));
        while (await timer.WaitForNextTickAsync(ct))
        {
            // 免申即享: the drafts the hub offers arrive as application-draft messages and are answered by the front
            // offices in Behaviour; these are the applications people come in for.
            var thing = catalog.OneThings[random.Next(catalog.OneThings.Count)];
            try
            {
                await Apply(thing, random, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Demo application for {OneThing} refused: {Error}", thing.Code, e.Message);
            }
        }
    }

    private async Task Apply(OneThingDefinition thing, Random random, CancellationToken ct)
    {
        var (applicant, hints) = applicants.For(thing, random);
        // The applicant's own district office, or the city's window now and then.
        var office = random.Next(4) == 0 ? "government-services"
            : District.Of(applicant.IdNumber)?.Office ?? "government-services";
        if (!departments.Keys.Departments.ContainsKey(office))
            office = "government-services";
        var key = departments.Key(office);
        var fields = catalog.FormFields(thing).ToDictionary(f => f.Code);
        var empty = new SubmitApplication(thing.Code, applicant, new Dictionary<string, string>());
        var applications = hub.As(key).Applications;
        IEnumerable<string> toType;
        try
        {
            var form = await Records.From<ApplicationPreview>(
                await applications.Preview.PostAsync(Records.To<Wire.SubmitApplication>(empty), cancellationToken: ct));
            toType = form.ToType;
            Interlocked.Add(ref Filled, form.Fields.Count(f => f.Source is { Kind: not FieldSourceKinds.Applicant }));
        }
        catch (ApiException e) when (e.ResponseStatusCode is 404 or 405)
        {
            // A hub without the preview: the clerk types every field of the chosen services but the applicant's
            // identity, which the hub copies from the applicant.
            toType = Identities.Form(thing, random).Keys;
        }
        var typed = toType.Where(fields.ContainsKey)
            .ToDictionary(c => c, c => Typist.Value(fields[c], hints, applicant, population.Today, random));
        Interlocked.Add(ref Typed, typed.Count);
        await applications.PostAsync(Records.To<Wire.SubmitApplication>(empty with { Form = typed }),
            cancellationToken: ct);
        Interlocked.Increment(ref Submitted);
    }
}
