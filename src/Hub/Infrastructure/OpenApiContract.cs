using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// The OpenAPI document as a client generator needs it, by rules that hold for every endpoint so that a new one
/// is described right without being listed here (docs/DEPARTMENT-SYSTEMS.md, "The contract"):
/// <list type="bullet">
/// <item>one tag per feature folder (<c>Features/&lt;Feature&gt;</c>), described by the features' own table;</item>
/// <item>Wolverine's placeholder <c>200 IResult</c> is dropped: an endpoint that answers through
/// <see cref="IResult"/> says what it answers with <c>[ProducesResponseType]</c>;</item>
/// <item>every 4xx is a problem details body, with <c>errors</c> for validation; 401 and 403 on every secured
/// route;</item>
/// <item>one server, without a trailing slash, so that the document (and the client made of it) does not depend on
/// the address it was fetched from.</item>
/// </list>
/// </summary>
public sealed class OpenApiContract(IReadOnlyDictionary<string, string> featureDescriptions)
    : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Server = "http://127.0.0.1:5080";
    public const string Problem = "ProblemDetails";
    private const string FeaturePrefix = "OneThing.Hub.Features.";
    private const string ProblemMediaType = "application/problem+json";

    // What the schema generator names the records ASP.NET answers with: both become the one problem schema.
    private static readonly string[] Replaced = ["IResult", "HttpValidationProblemDetails"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context,
        CancellationToken ct)
    {
        document.Servers =
        [
            new OpenApiServer
            {
                Url = Server,
                Description = "The embedded hub of ./hub.sh run; a deployment answers at its own address.",
            },
        ];
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = ProblemSchema();
        foreach (var name in Replaced) document.Components.Schemas.Remove(name);

        var tags = new SortedDictionary<string, OpenApiTag>(StringComparer.Ordinal);
        foreach (var operation in Operations(document))
        {
            var feature = FeatureOf(operation);
            if (!tags.ContainsKey(feature))
                tags[feature] = new OpenApiTag
                {
                    Name = feature,
                    Description = featureDescriptions.GetValueOrDefault(feature),
                };
            operation.Tags = new HashSet<OpenApiTagReference> { new(feature, document) };
            Responses(operation, document);
        }
        document.Tags = new HashSet<OpenApiTag>(tags.Values);
        return Task.CompletedTask;
    }

    /// <summary>Secured routes answer 401 without a key and 403 for a role that may not; an anonymous one says it
    /// needs no key (the document's default is the bearer key).</summary>
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new OpenApiResponses();
        // Wolverine implies 204 for an endpoint that returns nothing; one that writes its own answer (a stream, say)
        // declares it, and the implied 204 is not what it answers.
        var declared = metadata.OfType<ProducesResponseTypeAttribute>().Select(a => a.StatusCode).ToHashSet();
        if (!declared.Contains(204) && declared.Any(s => s is >= 200 and < 300))
            operation.Responses.Remove("204");
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return Task.CompletedTask;
        }
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid API key." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "This key may not do this." });
        // Every POST may carry an Idempotency-Key (Idempotency.cs), whatever its endpoint: a client generator that
        // is not told of these answers turns them into errors without their problem details, and a client then
        // cannot tell "still running, retry" or "carried out, look it up" from a failure (the_hub_killed_mid_load).
        if (HttpMethods.IsPost(context.Description.HttpMethod ?? ""))
        {
            operation.Responses.TryAdd("409", new OpenApiResponse
            {
                Description = "Conflict; or the first request with this Idempotency-Key is still running (with "
                    + "Retry-After), or was carried out and its answer lost: look the result up.",
            });
            operation.Responses.TryAdd("422", new OpenApiResponse
            {
                Description = "This Idempotency-Key was used with another body.",
            });
        }
        // The database full, restarting or away: nothing was stored, and the same request may be sent again.
        operation.Responses.TryAdd("503", new OpenApiResponse
        {
            Description = "The database cannot take requests now; send again later (Retry-After).",
        });
        return Task.CompletedTask;
    }

    private static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        from path in document.Paths
        from operation in path.Value.Operations ?? []
        select operation.Value;

    // Wolverine tags an endpoint with its class's full name; its feature is the folder after Features.
    private static string FeatureOf(OpenApiOperation operation)
    {
        var tag = operation.Tags?.FirstOrDefault()?.Name ?? "";
        if (!tag.StartsWith(FeaturePrefix, StringComparison.Ordinal)) return tag.Length > 0 ? tag : "Hub";
        return tag[FeaturePrefix.Length..].Split('.')[0];
    }

    private static void Responses(OpenApiOperation operation, OpenApiDocument document)
    {
        var responses = operation.Responses ??= new OpenApiResponses();
        foreach (var (status, response) in responses.ToList())
        {
            if (response is not OpenApiResponse answer) continue;
            if (answer.Content is { } content && content.Values.Any(m => IsReplaced(m.Schema)))
            {
                // The placeholder for "some IResult": the endpoint declares what it really answers, or nothing.
                if (status.StartsWith('2') && content.Values.All(m => Name(m.Schema) == "IResult"))
                {
                    responses.Remove(status);
                    continue;
                }
            }
            if (status.StartsWith('4') || status.StartsWith('5'))
                answer.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(Problem, document) },
                };
            foreach (var (type, media) in answer.Content ?? new Dictionary<string, OpenApiMediaType>())
                if (type.StartsWith("text/", StringComparison.Ordinal))
                    media.Schema = new OpenApiSchema { Type = JsonSchemaType.String };   // a page, not its record
            answer.Description = string.IsNullOrWhiteSpace(answer.Description) ? Describe(status) : answer.Description;
        }
    }

    private static bool IsReplaced(IOpenApiSchema? schema) => Name(schema) is { } n && Replaced.Contains(n);

    private static string? Name(IOpenApiSchema? schema) => (schema as OpenApiSchemaReference)?.Reference.Id;

    private static string Describe(string status) => status switch
    {
        "200" => "OK", "201" => "Created", "202" => "Accepted", "204" => "No content",
        "400" => "The request is not valid.", "404" => "Not found.", "409" => "Conflict.",
        _ => status,
    };

    /// <summary>RFC 9457 problem details as the hub writes them: a stable type, errors per field for validation,
    /// the correlation id; other members may follow.</summary>
    private static OpenApiSchema ProblemSchema()
    {
        OpenApiSchema Text(string description) =>
            new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = description };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details (application/problem+json).",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A stable URI for the kind of problem; branch on it."),
                ["title"] = Text("A short summary of the kind of problem."),
                ["status"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32",
                },
                ["detail"] = Text("What went wrong with this request."),
                ["instance"] = Text("The request the problem is about."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "For validation problems: the messages for each field, by its path.",
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
                ["correlationId"] = Text("The request's X-Correlation-Id."),
            },
        };
    }
}

/// <summary>
/// Types the members whose JSON converters the schema generator cannot see through: the hub's own string converter
/// (<see cref="HubJson"/>) turns every string into <c>{}</c>, and with it the items of every list of strings (nested
/// ones too) and the values of every map of strings, which the generator then leaves out.
/// </summary>
public sealed class OpenApiSchemaTypes : IOpenApiSchemaTransformer
{
    /// <summary>What a member of any JSON shape says of itself (a record as its resource's schema describes it, an
    /// event's data): it is left open on purpose.</summary>
    public const string AnyValue = "Any JSON value.";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        Fill(schema, context.JsonTypeInfo.Type, context.JsonPropertyInfo is { IsGetNullable: true });
        return Task.CompletedTask;
    }

    private static void Fill(OpenApiSchema schema, Type type, bool nullable)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(System.Text.Json.JsonElement))
        {
            if (schema.Type is null) schema.Description ??= AnyValue;
            return;
        }
        if (type == typeof(string))
        {
            schema.Type ??= nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            return;
        }
        if ((Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } map)
        {
            if (!OfStrings(map[1])) return;
            schema.AdditionalProperties ??= new OpenApiSchema();
            if (schema.AdditionalProperties is OpenApiSchema values) Fill(values, map[1], nullable: false);
            return;
        }
        if (Generic(type, typeof(IEnumerable<>)) is not [var item]) return;
        if (OfStrings(item))
        {
            schema.Items ??= new OpenApiSchema();
            if (schema.Items is OpenApiSchema items) Fill(items, item, nullable: false);
        }
        else if (item == typeof(System.Text.Json.JsonElement))
            // An empty schema would be left out of the document.
            schema.Items ??= new OpenApiSchema { Description = AnyValue };
    }

    // Only strings and collections of them are left untyped; other members come with their own schemas.
    private static bool OfStrings(Type type) =>
        type == typeof(string)
        || type != typeof(string) && Generic(type, typeof(IEnumerable<>)) is [var item] && OfStrings(item);

    private static Type[]? Generic(Type type, Type definition) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition))
        ?.GetGenericArguments();
}
