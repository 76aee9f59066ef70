using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Hub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests;

/// <summary>
/// The first step of every endpoint that takes a contract body, as a pure function: the body against its schema in
/// <c>schemas/</c> (<see cref="RequestSchemas.Check{T}"/>). Shape cases are asserted here, since the endpoints'
/// <c>Validate</c> steps no longer see a body that does not fit.
/// </summary>
public static class RequestShape
{
    private static readonly Schemas Schemas = new(Path.Combine(Repo.Root(), "schemas"));

    /// <summary>400 when the hub refuses the body before any endpoint step runs; null when it fits.</summary>
    public static int? Status<T>(T? request) =>
        RequestSchemas.Check(request, Schemas) is ProblemHttpResult p ? p.StatusCode : null;

    /// <summary>The members the schema refuses, as the hub names them in its 400.</summary>
    public static IEnumerable<string> Errors<T>(T? request) =>
        RequestSchemas.Check(request, Schemas) is ProblemHttpResult { ProblemDetails: ValidationProblemDetails v }
            ? v.Errors.Keys
            : [];
}
