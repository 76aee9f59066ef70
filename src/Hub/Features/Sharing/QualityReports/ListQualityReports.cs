using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class ListQualityReportsEndpoint
{
    public const string List = "quality-reports";

    public static readonly IReadOnlyList<string> States =
        [.. Enum.GetValues<QualityState>().Select(QualityReport.Name)];

    public static readonly SharingListShape<QualityReportView> Shape = new(v => v.Status.Consumer,
        v => v.Status.Provider, v => v.Status.Resource, v => v.Status.State, v => v.Status.ReportedAt, v => v.Id);

    public static (SharingQuery?, ProblemDetails) Load(
        int? limit,
        string? after,
        string? state,
        string? resource,
        string? consumer,
        string? provider) =>
        SharingLists.Read(List, States, limit, after, state, resource, consumer, provider);

    /// <summary>Quality reports by the time they were made, oldest first: a provider finds the open ones it must
    /// answer, a consumer its own; the coordinating office all of them.</summary>
    [WolverineGet("/api/quality-reports"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<Page<QualityReportStatus>>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<Page<QualityReportStatus>> Get(
        SharingQuery query,
        ClaimsPrincipal user,
        IQuerySession session,
        CancellationToken ct)
    {
        var page = Paging.Of(await SharingLists.Rows(session, query, user, Shape, ct), query.Page, Shape.AtOf,
            Shape.IdOf);
        return new Page<QualityReportStatus>([.. page.Items.Select(v => v.Status)], page.Next);
    }
}
