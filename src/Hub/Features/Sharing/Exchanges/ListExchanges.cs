using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class ListExchangesEndpoint
{
    public const string List = "exchanges";

    public static readonly IReadOnlyList<string> States = [ExchangeStates.Routed, ExchangeStates.Answered,
        ExchangeStates.Delivered, ExchangeStates.Invalid, ExchangeStates.TimedOut];

    public static readonly SharingListShape<ExchangeView> Shape =
        new(v => v.Consumer, v => v.Provider, v => v.Resource, v => v.State, v => v.RequestedAt, v => v.Id);

    public static (SharingQuery?, ProblemDetails) Load(
        int? limit,
        string? after,
        string? state,
        string? resource,
        string? consumer,
        string? provider) =>
        SharingLists.Read(List, States, limit, after, state, resource, consumer, provider);

    /// <summary>Exchanges by the time they were asked for, oldest first, for their two parties and the coordinating
    /// office: who asked whom for which fields and how it went, never the records (the consumer reads those once,
    /// from GET /api/exchanges/{id}).</summary>
    [WolverineGet("/api/exchanges"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<Page<ExchangeSummary>>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<Page<ExchangeSummary>> Get(
        SharingQuery query,
        ClaimsPrincipal user,
        IQuerySession session,
        CancellationToken ct)
    {
        var page = Paging.Of(await SharingLists.Rows(session, query, user, Shape, ct), query.Page, Shape.AtOf,
            Shape.IdOf);
        return new Page<ExchangeSummary>([.. page.Items.Select(v => new ExchangeSummary(v.Id, v.ShareRequest,
            v.Resource, v.Provider, v.Consumer, v.State, v.Fields, v.RequestedAt, v.AnswerBy, v.AnsweredAt))],
            page.Next);
    }
}
