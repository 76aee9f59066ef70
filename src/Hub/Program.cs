using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Authentication;
using OneThing.Hub.Features;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Features.Calendar;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Drafts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Features.Seeds;
using OneThing.Hub.Infrastructure;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using OpenTelemetry.Metrics;

var builder = WebApplication.CreateBuilder(args);
var hub = HubOptions.From(builder.Configuration);
SecretBox box;
FileAuditKeyProvider auditKey;
FileAuditWitness witness;
try
{
    box = SecretBox.From(hub);
    // The audit key and witness live outside the database (docs/AUDIT.md); without them the hub does not start.
    auditKey = FileAuditKeyProvider.Open(hub.AuditKeyFile);
    witness = FileAuditWitness.Open(hub.AuditWitness);
}
catch (HubConfigurationException e)
{
    Console.Error.WriteLine($"The hub did not start: {e.Message}");
    return 1;
}
builder.Services.AddSingleton(hub);
var schemas = new Schemas(hub.SchemasFolder);
builder.Services.AddSingleton(schemas);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddMemoryCache();
builder.Services.AddHttpContextAccessor();   // Idempotency.CommitMark finds the request's key through it

// Empty until CalendarRefresh reads the published years (seeds/calendar.json is their first version).
builder.Services.AddSingleton(new WorkingCalendar([], []));
builder.Services.ConfigureMarten((s, o) =>
    o.Listeners.Add(new CalendarRefresh.Listener(s.GetRequiredService<WorkingCalendar>())));
builder.Services.AddSingleton(box);
DocumentDigests.Use(auditKey);
builder.Services.AddSingleton<IAuditKeyProvider>(auditKey);
builder.Services.AddSingleton<IAuditWitness>(witness);
builder.Services.AddSingleton(LicenceTypes.Load(Path.Combine(hub.SeedsFolder, "licence-types.json")));
builder.Services.AddWebhookClient(hub);

var marten = builder.Services.AddMarten(opts => HubFeatures.ConfigureStore(opts, hub))
    .UseLightweightSessions()
    .InitializeWith(new FiguresUpgrade())   // a database from before the composite figures
    .ApplyAllDatabaseChangesOnStartup();
// After Marten's schema (hosted services start in order), before anything that opens a sealed value.
builder.Services.AddHostedService<SecretKeys.StartupCheck>();
// One node runs its own projection daemon; several let Wolverine run each projection on exactly one of them.
if (hub.Clustered) marten.IntegrateWithWolverine(m => m.UseWolverineManagedEventSubscriptionDistribution = true);
else marten.AddAsyncDaemon(DaemonMode.Solo).IntegrateWithWolverine();
builder.Services.AddDraftTriggers();
builder.Host.UseWolverine(opts =>
{
    HubMessaging.Configure(opts, hub);
    opts.AddDelivery(hub);
});
builder.Services.AddWolverineHttp();
builder.Services.AddHostedService<DocumentDigests.Stamping>();
builder.Services.AddHostedService<SeedOnFirstStart>();
builder.Services.AddHostedService<CalendarRefresh>();   // after the seeds
builder.Services.AddHostedService<Idempotency.Expiry>();
builder.Services.AddSingleton<Retention>();
builder.Services.AddHostedService(s => s.GetRequiredService<Retention>());
builder.Services.AddHostedService<BucketRetention>();
builder.Services.AddSingleton<AuditChain>();
builder.Services.AddSingleton<PersonalDeclarations>();
// Per request: a form's exchanges go through the request's own message bus (its correlation, its outbox).
builder.Services.AddScoped<OneThing.Hub.Features.Sharing.CaseExchanges>();
builder.Services.AddScoped<OneThing.Hub.Features.Applications.FormLookups>();
builder.Services.AddHostedService(s => s.GetRequiredService<AuditChain>());

builder.Services.ConfigureHttpJsonOptions(o => HubJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = HubExceptionHandler.Customize);
builder.Services.AddExceptionHandler<HubExceptionHandler>();
builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddHardening(hub);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Hardening.MaxBodyBytes);
builder.Services.AddOpenApi(o =>
{
    var contract = new OpenApiContract(HubFeatures.Descriptions);
    o.AddDocumentTransformer<OpenApiSecurity>().AddDocumentTransformer(contract).AddOperationTransformer(contract);
    o.AddSchemaTransformer<OpenApiSchemaTypes>();
});
builder.Services.AddOpenTelemetry().WithMetrics(HubTelemetry.Configure);
builder.Services.AddHostedService<HubTelemetry>();
builder.Services.AddHostedService<ProjectionLagTelemetry>();
builder.Services.AddHealthChecks().AddCheck<DatabaseReady>("database", tags: ["ready"]);

var app = builder.Build();
app.UseCorrelation();
app.UseSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();   // the dashboard's files; its data comes from the API, with a key
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseRateLimiter();
app.UseIdempotency();
app.UseAuthorization();
app.UseCsvOutput();     // Accept: text/csv: any table the API answers, as CSV

app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
app.MapOpenApi("/openapi/{documentName}.json");
app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization();
app.MapWolverineEndpoints(opts =>
{
    opts.RequireAuthorizeOnAll();
    opts.RejectUnparseableQueryValues = true;
    opts.AddPolicy<EventMetadataPolicy>();
    opts.Policies.Add(new RequestSchemaPolicy(schemas.Names));
});

// JasperFx's command line (`codegen write`, `db-apply`, …) when asked for; a plain start skips its search of every
// assembly for commands, part of the cold start (docs/BENCHMARKS.md).
if (args is ["index-key"])
{
    Console.WriteLine(box.IndexKey);
    return 0;
}
if (args is ["reseal"])
{
    var setting = hub.SecretKeys is null ? "HUB_SECRET_KEY" : "HUB_SECRET_KEYS";
    try { await SecretKeys.Check(hub.Database, box, setting, CancellationToken.None); }
    catch (HubConfigurationException e)
    {
        Console.Error.WriteLine($"Nothing was sealed again: {e.Message}");
        return 1;
    }
    var done = await SecretKeys.Reseal(hub.Database, box, hub.IndexKey is not null, CancellationToken.None);
    Console.WriteLine($"Sealed {done.Values} values again under key id '{done.KeyId}'."
        + (done.Retired.Count > 0 ? $" No longer needed: {string.Join(", ", done.Retired)}." : ""));
    if (done.Warning is not null) Console.WriteLine(done.Warning);
    return 0;
}
if (args.Length > 0) return await app.RunJasperFxCommands(args);
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (Unwrap(e) is HubConfigurationException wrong)
{
    Console.Error.WriteLine($"The hub did not start: {wrong.Message}");
    return 1;
}
catch (Exception e)
{
    // A start that fails (no database, a bad setting) says why and exits 1, as the command line would.
    Console.Error.WriteLine($"The hub stopped: {e}");
    return 1;
}

static Exception Unwrap(Exception e) =>
    e is AggregateException { InnerExceptions: [var one] } ? Unwrap(one) : e;

public partial class Program;
