using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using OneThing.Contracts;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// The one check of a request body's shape: the JSON Schema that department systems are given for it
/// (<c>schemas/{kebab-case of the contract's name}.schema.json</c>). Endpoints' own <c>Validate</c> steps then
/// check only what a schema cannot know: state, ownership, deadlines, the catalog.
/// </summary>
public static partial class RequestSchemas
{
    public static string NameOf(Type contract) => Capital().Replace(contract.Name, "-$1").ToLowerInvariant();

    /// <summary>
    /// The body as read, written back in the hub's dialect (nulls left out, as a client may leave them out) and
    /// checked against its schema. Reading has already refused what does not fit the record at all.
    /// </summary>
    public static IResult Check<T>(T? request, Schemas schemas)
    {
        if (request is null) return Results.Problem(Problems.Validation("body", "A JSON body is required."));
        var errors = schemas.Validate(NameOf(typeof(T)), JsonSerializer.SerializeToElement(request, HubJson.Options));
        return errors.Count == 0 ? WolverineContinue.Result() : Results.Problem(Problems.Validation(errors));
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Capital();
}

/// <summary>Puts <see cref="RequestSchemas.Check{T}"/> first on every endpoint whose body is a contract record with a
/// schema; a contract without one is a failed start, so no endpoint goes unchecked by accident.</summary>
internal sealed class RequestSchemaPolicy(IReadOnlyCollection<string> schemaNames) : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType && c.RequestType!.Assembly == typeof(Roles).Assembly))
        {
            var name = RequestSchemas.NameOf(chain.RequestType!);
            if (!schemaNames.Contains(name))
                throw new InvalidOperationException($"{chain.RequestType!.Name} has no schema {name}.schema.json.");
            var check = new MethodCall(typeof(RequestSchemas),
                typeof(RequestSchemas).GetMethod(nameof(RequestSchemas.Check))!.MakeGenericMethod(chain.RequestType!))
            {
                CommentText = "The request body's shape, by its JSON Schema",
            };
            chain.Metadata.ProducesValidationProblem();
            chain.Middleware.InsertRange(0, [check, new MaybeEndWithResultFrame(check.ReturnVariable!)]);
        }
    }
}
