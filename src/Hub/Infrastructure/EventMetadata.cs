using Marten;
using OneThing.Hub.Infrastructure.Auth;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine;
using Wolverine.Http;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Who did it, for whom, in which case: every event a request appends carries the principal, the department, the
/// correlation id (also on every message the request cascades) and the request that caused it.
/// </summary>
public static class EventMetadata
{
    public const string PrincipalHeader = "principal";
    public const string DepartmentHeader = "department";

    public static void Before(HttpContext http, IDocumentSession session, IMessageContext messaging)
    {
        var correlation = http.CorrelationId();
        messaging.CorrelationId = correlation;
        session.CorrelationId = correlation;
        session.CausationId = $"http:{http.Request.Method} {http.Request.Path}#{http.TraceIdentifier}";

        var principal = http.User.Id();
        messaging.UserName = principal;
        session.LastModifiedBy = principal;
        session.SetHeader(PrincipalHeader, principal);
        if (http.User.Department() is { } department) session.SetHeader(DepartmentHeader, department);
    }
}

/// <summary>Puts <see cref="EventMetadata.Before"/> in front of every endpoint that changes something.</summary>
internal sealed class EventMetadataPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE")))
            chain.Middleware.Insert(0, new MethodCall(typeof(EventMetadata), nameof(EventMetadata.Before)));
    }
}
