using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OneThing.Hub.Infrastructure;

/// <summary>Tells OpenAPI readers that every /api route takes <c>Authorization: Bearer &lt;api key&gt;</c>.</summary>
public sealed class OpenApiSecurity : IOpenApiDocumentTransformer
{
    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken ct
    )
    {
        document.Info.Title = "OneThing hub";
        document.Info.Description =
            "一件事一次办 integration hub: catalog, applications, data sharing, e-licences, metrics, audit.";
        document.Info.Contact = new OpenApiContact
        {
            Name = "天津市人民政府政务服务办公室 (市政务服务办), the coordinating office: it issues the API keys",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key issued by the coordinating office.",
        };
        document.Security ??= [];
        document.Security.Add(
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] }
        );
        return Task.CompletedTask;
    }
}
