using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Json.Schema;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

public static class RegisterResourceEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(RegisterResource request, IQuerySession session, CancellationToken ct)
    {
        var errors = ResourceRules.Check(request);
        if (errors.Count > 0) return Problems.Validation(errors);
        return await session.LoadAsync<ResourceView>(ResourceView.StreamKey(request.Code), ct) is null
            ? WolverineContinue.NoProblems : Problems.Conflict($"Resource '{request.Code}' is already registered.");
    }

    /// <summary>A provider department registers a data resource: its record schema, sharing class and SLAs.</summary>
    [WolverinePost("/api/resources"), Authorize(Roles = Roles.Department)]
    public static (CreationResponse, IStartStream) Post(RegisterResource request, ClaimsPrincipal user, TimeProvider clock) =>
        (new CreationResponse($"/api/resources/{request.Code}"),
            MartenOps.StartStream<ResourceView>(ResourceView.StreamKey(request.Code), ResourceRules.Registered(request, user.Department()!, user.Id(), clock.GetUtcNow())));

}

public static class ListResourcesEndpoint
{
    /// <summary>Every data resource, with what it shares under which class.</summary>
    [WolverineGet("/api/resources")]
    public static async Task<ResourceList> List(string? provider, IQuerySession session, CancellationToken ct)
    {
        var views = await session.Query<ResourceView>().OrderBy(r => r.Id).ToListAsync(ct);
        var resources = views.Select(v => v.Resource).Where(r => provider is null || r.Provider == provider).ToList();
        return new ResourceList(resources.Count, resources);
    }
}

public static class ResourceRules
{
    public static Dictionary<string, string[]> Check(RegisterResource? r)
    {
        if (r is null) return new() { ["body"] = ["Describe the resource."] };
        var errors = new Dictionary<string, string[]>();
        if (!Codes.IsCode(r.Code)) errors["code"] = [Codes.CodeRule];
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200) errors["name"] = ["Give a name of 1 to 200 characters."];
        if (!SharingClasses.All.Contains(r.SharingClass)) errors["sharingClass"] = [$"Use one of {string.Join(", ", SharingClasses.All)}."];
        if (r.Fields is not { Count: > 0 } || r.Fields.Any(f => f is null) || r.Fields.Select(f => f.Code).Distinct().Count() != r.Fields.Count
            || r.Fields.Any(f => string.IsNullOrEmpty(f.Code) || !char.IsAsciiLetterLower(f.Code[0]) || !f.Code.All(char.IsAsciiLetterOrDigit)))
            errors["fields"] = ["List the fields, each with a unique lowerCamelCase code."];
        else if (r.QueryBy is not { Count: > 0 } || r.QueryBy.Any(q => q is null || r.Fields.All(f => f.Code != q)))
            errors["queryBy"] = ["Name the fields a query gives (they must be fields of the resource)."];
        if (r.RecordSchema.ValueKind != JsonValueKind.Object || !r.RecordSchema.TryGetProperty("type", out var type) || type.GetString() != "object"
            || RecordSchemas.Build(r.RecordSchema) is null)
            errors["recordSchema"] = ["Give a JSON Schema (2020-12) object for one record."];
        if (r.ResponseSlaSeconds is < 1 or > 86400) errors["responseSlaSeconds"] = ["Use 1 to 86400 seconds."];
        if (r.FreshnessSlaHours is < 1 or > 8760) errors["freshnessSlaHours"] = ["Use 1 to 8760 hours."];
        if (r.ApprovalDays is < 1 or > 30) errors["approvalDays"] = ["Use 1 to 30 working days."];
        return errors;
    }

    public static ResourceRegistered Registered(RegisterResource r, string provider, string by, DateTimeOffset at) =>
        new(r.Code, r.Name, provider, r.SharingClass, r.Fields, r.RecordSchema, r.ResponseSlaSeconds, r.FreshnessSlaHours, r.QueryBy,
            r.ApprovalDays ?? 5, r.Description, by, at);
}

/// <summary>The record schemas of the resources, built once each: answers are checked against them.</summary>
public static class RecordSchemas
{
    private static readonly ConcurrentDictionary<string, JsonSchema?> Built = new();

    public static JsonSchema? Build(JsonElement schema)
    {
        try { return JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() }); }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException) { return null; }
    }

    public static IReadOnlyList<string> Errors(DataResource resource, IReadOnlyList<JsonElement> records)
    {
        var schema = Built.GetOrAdd($"{resource.Code}@{resource.RegisteredAt.Ticks}", _ => Build(resource.RecordSchema));
        if (schema is null) return ["The resource's record schema cannot be used."];
        var errors = new List<string>();
        for (var i = 0; i < records.Count; i++)
        {
            var result = schema.Evaluate(records[i], new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
                errors.AddRange((result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Values.Select(v => $"records[{i}]{d.InstanceLocation}: {v}")));
        }
        return errors.Take(20).ToList();
    }
}
