using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Marten;
using JasperFx.Events;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

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

/// <summary>
/// Puts <see cref="EventMetadata.Before"/> in front of every endpoint that changes something, and of every read that
/// records itself (a licence pull, an exchange handed over, an audit reveal). An endpoint that writes to a case
/// (<see cref="ICorrelatedCase"/>) then joins the case's correlation once the case is loaded.
/// </summary>
internal sealed class EventMetadataPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                     || c.Method.Method.GetParameters().Any(p => p.ParameterType == typeof(IDocumentSession))
                     || ReturnsMartenOp(c.Method.Method.ReturnType)))
        {
            chain.Middleware.Insert(0, new MethodCall(typeof(EventMetadata), nameof(EventMetadata.Before)));
            foreach (var adopt in CaseCorrelation.For(chain.Method.Method, nameof(CaseCorrelation.AdoptForRequest)))
                chain.Middleware.Add(adopt);
        }
    }

    // A read that records itself by returning its events as a Marten op rather than appending through a session.
    private static bool ReturnsMartenOp(Type type) =>
        type.IsAssignableTo(typeof(Wolverine.Marten.IMartenOp))
        || (type.IsGenericType && type.GetGenericArguments().Any(ReturnsMartenOp));
}

/// <summary>
/// The same for events appended by message handlers (deliveries, deadlines, routed exchanges): the principal whose
/// request caused the message (Wolverine relays it on the envelope), its department, and the message as the cause.
/// </summary>
public static class HandlerMetadata
{
    public static void Before(Envelope envelope, IDocumentSession session)
    {
        var principal = envelope.UserName ?? "system/hub";
        session.LastModifiedBy = principal;
        session.SetHeader(EventMetadata.PrincipalHeader, principal);
        session.SetHeader(EventMetadata.DepartmentHeader, principal.Split('/')[0]);
        session.CausationId ??= $"message:{envelope.MessageType}#{envelope.Id}";
    }
}

internal sealed class HandlerMetadataPolicy : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType.Namespace?.StartsWith("OneThing.Hub.Features") == true))
        {
            chain.Middleware.Insert(0, new MethodCall(typeof(HandlerMetadata), nameof(HandlerMetadata.Before)));
            foreach (var handler in chain.Handlers)
                foreach (var adopt in CaseCorrelation.For(handler.Method, nameof(CaseCorrelation.AdoptForMessage)))
                    chain.Middleware.Add(adopt);
        }
    }
}

/// <summary>
/// A case keeps one correlation id from submission to rating, whichever department's request or which scheduled
/// message moves it on: its events, its messages and the answer all carry the case's id, not the request's.
/// </summary>
public static class CaseCorrelation
{
    public static void AdoptForRequest<T>(
        IEventStream<T> stream,
        HttpContext http,
        IDocumentSession session,
        IMessageContext messaging) where T : class, ICorrelatedCase
    {
        if (stream.Aggregate?.CorrelationId is not { Length: > 0 } correlation) return;
        http.Adopt(correlation);
        session.CorrelationId = correlation;
        messaging.CorrelationId = correlation;
    }

    public static void AdoptForMessage<T>(IEventStream<T> stream, IDocumentSession session, IMessageContext messaging)
        where T : class, ICorrelatedCase
    {
        if (stream.Aggregate?.CorrelationId is not { Length: > 0 } correlation) return;
        session.CorrelationId = correlation;
        messaging.CorrelationId = correlation;
    }

    /// <summary>
    /// One call of <paramref name="adopt"/> per case the method writes to (<c>[WriteAggregate]</c>). The call takes
    /// the event stream that the aggregate workflow loads, so the generated code places it after that load.
    /// </summary>
    internal static IEnumerable<MethodCall> For(MethodInfo method, string adopt) =>
        method.GetParameters()
            .Where(p => p.GetCustomAttribute<WriteAggregateAttribute>() is not null
                        && typeof(ICorrelatedCase).IsAssignableFrom(p.ParameterType))
            .Select(p => new MethodCall(typeof(CaseCorrelation),
                typeof(CaseCorrelation).GetMethod(adopt)!.MakeGenericMethod(p.ParameterType)));
}
