using OneThing.Contracts;
using OneThing.Simulator;

// The department-system simulator: every responsible department and front office of the catalog, talking to the
// hub over HTTP only. ./hub.sh run --demo starts it beside the hub.
var builder = WebApplication.CreateBuilder(args);
var options = SimulatorOptions.From(builder.Configuration);
// In code rather than in an appsettings.json, which would clash with the hub's in the tests' output folder.
builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<Departments>();
builder.Services.AddSingleton<Catalog>();
builder.Services.AddSingleton<Licences>();
builder.Services.AddSingleton(_ =>
    PopulationGenerator.Generate(options.PopulationSeed, options.PopulationSize, Today()));
builder.Services.AddSingleton<Registers>();
builder.Services.AddSingleton<Providers>();
builder.Services.AddSingleton<Issuance>();
builder.Services.AddSingleton<HubClient>();
builder.Services.AddSingleton<Behaviour>();
builder.Services.AddHostedService(s => s.GetRequiredService<Behaviour>());
builder.Services.AddSingleton<Applicants>();
builder.Services.AddSingleton<Demo>();
builder.Services.AddHostedService(s => s.GetRequiredService<Demo>());
builder.Services.AddHostedService<Startup>();
builder.WebHost.UseUrls(options.Self.ToString());

var app = builder.Build();

// The hub's webhook: check the signature and the message id, answer at once, do the work later.
app.MapPost(
    "/webhooks/{department}",
    async (string department, HttpRequest request, Departments departments, Behaviour behaviour) =>
    {
        if (departments.IsDown(department))
            return Results.StatusCode(503);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var message = System.Text.Json.JsonSerializer.Deserialize<DepartmentMessage>(body, HubClient.Json)!;
        var (timestamp, signature) = (request.Headers[WebhookSignature.TimestampHeader].ToString(),
            request.Headers[WebhookSignature.SignatureHeader].ToString());
        if (!departments.Accept(department, body, timestamp, signature, message.MessageId))
            return Results.Ok(); // a duplicate (or a forgery, counted and ignored)
        behaviour.Enqueue(message);
        return Results.Ok();
    }
);

// The provider's own query API, called directly (no hub): the benchmark's baseline for an exchange. It answers
// what the provider answers through the hub (the same register), after the same simulated processing delay.
app.MapPost(
    "/direct/resources/{resource}/query",
    async (string resource, Dictionary<string, string> query, Providers providers, Behaviour behaviour) =>
    {
        await Task.Delay(behaviour.Delay());
        return Results.Ok(new ExchangeReply(await providers.Answer(resource, query, CancellationToken.None)));
    }
);
app.MapPopulation();

// Fault injection for tests and demos: a department system down for a while; one that rejects its next work items
// (?count=1&reason=...&service=...&applicant=...: of that service and applicant only, when given); one that accepts
// its work and sits on it for a while (an overdue service).
app.MapPost(
    "/sim/departments/{department}/down",
    (string department, double seconds, Departments departments) =>
    {
        departments.Down(department, TimeSpan.FromSeconds(seconds));
        return Results.NoContent();
    }
);
app.MapPost(
    "/sim/departments/{department}/reject",
    (string department, int? count, string? reason, string? service, string? applicant, Departments departments) =>
    {
        departments.Reject(department, count ?? 1, reason ?? "申请材料与登记信息不一致", service, applicant);
        return Results.NoContent();
    }
);
// The applicant rates the services of their next finished application at this level (?level=dissatisfied, a code
// or its Chinese name): a 差评 on demand, for a rectification to follow.
app.MapPost(
    "/sim/applicants/{idNumber}/rating",
    (string idNumber, string level, Behaviour behaviour) =>
    {
        if (RatingLevels.Parse(level) is not { } code)
            return Results.Problem($"Use one of {string.Join(", ", RatingLevels.All)}.", statusCode: 400);
        behaviour.RateNext(idNumber, code);
        return Results.NoContent();
    }
);
app.MapPost(
    "/sim/departments/{department}/hold",
    (string department, double seconds, Departments departments) =>
    {
        departments.Hold(department, TimeSpan.FromSeconds(seconds));
        return Results.NoContent();
    }
);
app.MapGet(
    "/sim/stats",
    (Departments d, Behaviour b, Demo demo, Licences l, Population population) =>
        Results.Ok(
            new
            {
                d.Received,
                d.Duplicates,
                d.Refused,
                b.Processed,
                b.DraftsSubmitted,
                b.DraftsDeclined,
                demo.Submitted,
                DemoFieldsTyped = demo.Typed,
                DemoFieldsFilled = demo.Filled,
                LicencesPushed = l.Pushed,
                LicencesRefused = l.Failed,
                Residents = population.People.Count,
                Enterprises = population.Enterprises.Count,
            }
        )
);
app.MapGet("/health", () => Startup.Ready ? Results.Ok() : Results.StatusCode(503));

app.Run();

static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)); // Beijing time

/// <summary>On start: wait for the hub, read the catalog and the registry, register every department's channel and
/// signing key, push the licences the population holds; then poll inboxes.</summary>
internal sealed class Startup(
    SimulatorOptions options,
    Departments departments,
    HubClient hub,
    Catalog catalog,
    Licences licences,
    Population population,
    Behaviour behaviour,
    ILogger<Startup> log
) : BackgroundService
{
    public static volatile bool Ready;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await catalog.Load(hub, departments.Keys.Coordinator, ct);
        await departments.LoadRegistry(hub, ct);
        await departments.RegisterChannels(hub, ct);
        await licences.Start(ct);
        await licences.PushHoldings(Holdings.Of(population, licences.Types, population.Today), ct);
        Ready = true;
        log.LogInformation(
            "Simulating {Count} department systems against {Hub}, for {People} residents and {Enterprises} enterprises",
            departments.Keys.Departments.Count,
            string.Join(", ", options.Hubs),
            population.People.Count,
            population.Enterprises.Count
        );
        while (!ct.IsCancellationRequested && options.InboxDepartments.Count > 0)
        {
            foreach (var department in options.InboxDepartments)
            {
                var inbox = hub.As(departments.Key(department)).Inbox;
                var page = await Records.From<InboxPage>(await inbox.GetAsync(cancellationToken: ct));
                foreach (var m in page.Messages)
                {
                    behaviour.Enqueue(m);
                    await inbox[m.MessageId].Ack.PostAsync(cancellationToken: ct);
                }
            }
            await Task.Delay(500, ct);
        }
    }
}
