using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authentication;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);
var hub = HubOptions.From(builder.Configuration);
builder.Services.AddSingleton(hub);
builder.Services.AddSingleton(new Schemas(hub.SchemasFolder));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddMemoryCache();

builder.Services.AddMarten(opts =>
{
    opts.Connection(hub.Database);
    opts.DatabaseSchemaName = "hub";
    opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
    opts.Events.StreamIdentity = StreamIdentity.AsString;
    opts.Events.AppendMode = EventAppendMode.Quick;
    opts.Events.MetadataConfig.EnableAll();
    opts.Events.MetadataConfig.UserNameEnabled = true;
    opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
    opts.Projections.Add<DepartmentProjection>(ProjectionLifecycle.Inline);
    opts.Projections.Add<CatalogEditionProjection>(ProjectionLifecycle.Inline);
})
.UseLightweightSessions()
.ApplyAllDatabaseChangesOnStartup()
.AddAsyncDaemon(DaemonMode.Solo)
.IntegrateWithWolverine();

builder.Host.UseWolverine(opts =>
{
    opts.ApplicationAssembly = typeof(Program).Assembly;
    opts.Policies.AutoApplyTransactions();
    opts.Policies.UseDurableLocalQueues();
    opts.EnableRelayOfUserName = true;
    opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
});
builder.Services.AddWolverineHttp();
builder.Services.AddHostedService<SeedOnFirstStart>();

builder.Services.ConfigureHttpJsonOptions(o => HubJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = HubExceptionHandler.Customize);
builder.Services.AddExceptionHandler<HubExceptionHandler>();
builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiSecurity>());
builder.Services.AddHealthChecks().AddCheck<DatabaseReady>("database", tags: ["ready"]);

var app = builder.Build();
app.UseCorrelation();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
app.MapOpenApi("/openapi/{documentName}.json");
app.MapWolverineEndpoints(opts =>
{
    opts.RequireAuthorizeOnAll();
    opts.AddPolicy<EventMetadataPolicy>();
});

return await app.RunJasperFxCommands(args);

public partial class Program;
