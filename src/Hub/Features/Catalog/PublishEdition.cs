using OneThing.Hub.Infrastructure.Auth;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Catalog;

public static class PublishEditionEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        CatalogEditionDocument request, Schemas schemas, IQuerySession session, CancellationToken ct)
    {
        if (request is null) return Problems.Validation("body", "A catalog edition is required.");
        var errors = schemas.Validate("catalog", request);
        if (errors.Count > 0) return Problems.Validation(errors);

        var departments = (await session.Query<DepartmentView>().Select(d => d.Department.Code).ToListAsync(ct)).ToHashSet();
        errors = CatalogRules.Check(request, departments);
        if (errors.Count > 0) return Problems.Validation(errors);

        return await session.Events.FetchStreamStateAsync(CatalogEditionView.StreamKey(request.Edition), ct) is null
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"Edition {request.Edition} is already published; editions are never changed, publish a new one.");
    }

    /// <summary>The coordinating office publishes a new catalog edition (validated against schemas/catalog.schema.json).</summary>
    [WolverinePost("/api/catalog/editions"), Authorize(Roles = Roles.Coordinator)]
    public static (CreationResponse, IStartStream) Post(CatalogEditionDocument request, ClaimsPrincipal user, TimeProvider clock)
    {
        var published = new CatalogEditionPublished(request.Edition, request, user.Id(), clock.GetUtcNow());
        return (new CreationResponse($"/api/catalog/editions/{request.Edition}/one-things"),
            MartenOps.StartStream<CatalogEditionView>(CatalogEditionView.StreamKey(request.Edition), published));
    }
}
