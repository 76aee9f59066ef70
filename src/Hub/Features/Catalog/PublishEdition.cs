using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Catalog;

public static class PublishEditionEndpoint
{
    /// <summary>What publishing decides on: the registry's codes, and whether the edition exists already.</summary>
    public sealed record Known(IReadOnlySet<string> Departments, bool Published);

    public static async Task<Known> LoadAsync(
        CatalogEditionDocument request,
        IQuerySession session,
        CancellationToken ct)
    {
        var departments = (await session.Query<DepartmentView>().Select(d => d.Department.Code).ToListAsync(ct))
            .ToHashSet();
        var published = request is not null
            && await session.Events.FetchStreamStateAsync(CatalogEditionView.StreamKey(request.Edition), ct)
                is not null;
        return new Known(departments, published);
    }

    public static ProblemDetails Validate(CatalogEditionDocument request, Known known, Schemas schemas)
    {
        if (request is null) return Problems.Validation("body", "A catalog edition is required.");
        var errors = schemas.Validate("catalog", request);
        if (errors.Count > 0) return Problems.Validation(errors);
        errors = CatalogRules.Check(request, known.Departments);
        if (errors.Count > 0) return Problems.Validation(errors);
        return known.Published
            ? Problems.Conflict(
                $"Edition {request.Edition} is already published; editions are never changed, publish a new one.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The coordinating office publishes a new catalog edition (validated against
    /// schemas/catalog.schema.json). Two publications of one edition at once: Marten refuses the second stream.
    /// </summary>
    [WolverinePost("/api/catalog/editions"), Authorize(Roles = Roles.Coordinator)]
    public static (CreationResponse, IStartStream) Post(
        CatalogEditionDocument request,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var published = new CatalogEditionPublished(request.Edition, request.ToEvent(), user.Id(), clock.GetUtcNow());
        return (new CreationResponse($"/api/catalog/editions/{request.Edition}/one-things"),
            MartenOps.StartStream<CatalogEditionView>(CatalogEditionView.StreamKey(request.Edition), published));
    }
}
