using System.Security.Claims;
using System.Text.Json;
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
    public static Dictionary<string, string[]> Check(RegisterResource? r)
    {
        if (r is null) return new() { ["body"] = ["Describe the resource."] };
        var errors = new Dictionary<string, string[]>();
        if (!Codes.IsCode(r.Code)) errors["code"] = [Codes.CodeRule];
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200) errors["name"] =
            ["Give a name of 1 to 200 characters."];
        if (!SharingClasses.All.Contains(r.SharingClass))
            errors["sharingClass"] = [$"Use one of {string.Join(", ", SharingClasses.All)}."];
        if (r.Fields is not { Count: > 0 } || r.Fields.Any(f => f is null)
            || r.Fields.Select(f => f.Code).Distinct().Count() != r.Fields.Count
            || r.Fields.Any(f => string.IsNullOrEmpty(f.Code) || !char.IsAsciiLetterLower(f.Code[0])
                || !f.Code.All(char.IsAsciiLetterOrDigit)))
            errors["fields"] = ["List the fields, each with a unique lowerCamelCase code."];
        else if (r.QueryBy is not { Count: > 0 } || r.QueryBy.Any(q => q is null || r.Fields.All(f => f.Code != q)))
            errors["queryBy"] = ["Name the fields a query gives (they must be fields of the resource)."];
        if (r.RecordSchema.ValueKind != JsonValueKind.Object || !r.RecordSchema.TryGetProperty("type", out var type)
            || type.GetString() != "object" || RecordSchemas.Build(r.RecordSchema) is null)
            errors["recordSchema"] = ["Give a JSON Schema (2020-12) object for one record."];
        if (r.ResponseSlaSeconds is < 1 or > 86400) errors["responseSlaSeconds"] = ["Use 1 to 86400 seconds."];
        if (r.FreshnessSlaHours is < 1 or > 8760) errors["freshnessSlaHours"] = ["Use 1 to 8760 hours."];
        if (r.ApprovalDays is < 1 or > 30) errors["approvalDays"] = ["Use 1 to 30 working days."];
        return errors;
    }

    /// <summary>The event for a registration (the seeding at first start registers through it too).</summary>
    public static ResourceRegistered Registered(RegisterResource r, string provider, string by, DateTimeOffset at) =>
        new(r.Code, r.Name, provider, r.SharingClass, [.. r.Fields.Select(ResourceFieldRecord.From)], r.RecordSchema,
            r.ResponseSlaSeconds, r.FreshnessSlaHours, r.QueryBy, r.ApprovalDays ?? 5, r.Description, by, at);
}
