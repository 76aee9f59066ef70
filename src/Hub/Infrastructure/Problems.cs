using Microsoft.AspNetCore.Mvc;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// RFC 9457 problem details with stable <c>type</c> URIs, so that department systems can branch on the type
/// rather than on the wording of <c>detail</c>.
/// </summary>
public static class Problems
{
    private const string Base = "https://onething.tj.gov.cn/problems/";

    public const string ValidationType = Base + "validation";
    public const string UnauthenticatedType = Base + "unauthenticated";
    public const string ForbiddenType = Base + "forbidden";
    public const string NotFoundType = Base + "not-found";
    public const string ConflictType = Base + "conflict";

    public static ProblemDetails Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        new ValidationProblemDetails(errors)
        {
            Type = ValidationType,
            Title = "The request is not valid",
            Status = StatusCodes.Status400BadRequest,
            Detail = detail ?? "See errors for each field.",
        };

    public static ProblemDetails Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemDetails Forbidden(string detail) => new()
    {
        Type = ForbiddenType, Title = "Not allowed", Status = StatusCodes.Status403Forbidden, Detail = detail,
    };

    public static ProblemDetails NotFound(string detail) => new()
    {
        Type = NotFoundType, Title = "Not found", Status = StatusCodes.Status404NotFound, Detail = detail,
    };

    public static ProblemDetails Conflict(string detail) => new()
    {
        Type = ConflictType, Title = "Conflict", Status = StatusCodes.Status409Conflict, Detail = detail,
    };

    /// <summary>Maps a status code that the pipeline produced without a body (415, 404, 405, ...) to a type.</summary>
    public static string TypeFor(int status) => status switch
    {
        400 => ValidationType,
        401 => UnauthenticatedType,
        403 => ForbiddenType,
        404 => NotFoundType,
        409 => ConflictType,
        _ => Base + status,
    };
}
