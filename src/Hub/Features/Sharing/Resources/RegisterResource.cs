using System.Security.Claims;
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
    public static async Task<ProblemDetails> ValidateAsync(RegisterResource request, IQuerySession session,
        CancellationToken ct)
    {
        var errors = ResourceRules.Check(request);
        if (errors.Count > 0) return Problems.Validation(errors);
        return await session.Events.FetchStreamStateAsync(Resource.StreamKey(request.Code), ct) is null
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"Resource '{request.Code}' is already registered.");
    }

    /// <summary>A provider department registers a data resource: its record schema, sharing class and SLAs.</summary>
    [WolverinePost("/api/resources"), Authorize(Roles = Roles.Department)]
    public static (CreationResponse, IStartStream) Post(RegisterResource request, ClaimsPrincipal user,
        TimeProvider clock) =>
        (new CreationResponse($"/api/resources/{request.Code}"),
            MartenOps.StartStream<Resource>(Resource.StreamKey(request.Code),
                ResourceRules.Registered(request, user.Department()!, user.Id(), clock.GetUtcNow())));
}

public static class ResourceRules
{
    /// <summary>What the body's schema cannot say: codes unique among the fields, query fields among them, a
    /// record schema that builds.</summary>
    public static Dictionary<string, string[]> Check(RegisterResource r) => Check(r.Fields, r.QueryBy, r.RecordSchema);

    /// <summary>The same of a new version of the schema (<see cref="ChangeResourceSchema"/>).</summary>
    public static Dictionary<string, string[]> Check(IReadOnlyList<ResourceField> fields,
        IReadOnlyList<string> queryBy, System.Text.Json.JsonElement recordSchema)
    {
        var errors = new Dictionary<string, string[]>();
        if (fields.Select(f => f.Code).Distinct().Count() != fields.Count)
            errors["fields"] = ["List the fields, each with a unique lowerCamelCase code."];
        else if (queryBy.Any(q => fields.All(f => f.Code != q)))
            errors["queryBy"] = ["Name the fields a query gives (they must be fields of the resource)."];
        if (RecordSchemas.Build(recordSchema) is null)
            errors["recordSchema"] = ["Give a JSON Schema (2020-12) object for one record."];
        return errors;
    }

    /// <summary>The event for a registration (the seeding at first start registers through it too).</summary>
    public static ResourceRegistered Registered(RegisterResource r, string provider, string by, DateTimeOffset at) =>
        new(r.Code, r.Name, provider, r.SharingClass, [.. r.Fields.Select(ResourceFieldRecord.From)], r.RecordSchema,
            r.ResponseSlaSeconds, r.FreshnessSlaHours, r.QueryBy, r.ApprovalDays ?? 5, r.Description, by, at);
}
