using System.Linq.Expressions;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

/// <summary>What the caller asked a sharing list for: the page and the filters, each checked.</summary>
public sealed record SharingQuery(PageQuery Page, string? State, string? Resource, string? Consumer, string? Provider);

/// <summary>Where a sharing view keeps what its list filters and orders by (each has an index: SharingStore).</summary>
public sealed record SharingListShape<T>(
    Expression<Func<T, string>> Consumer,
    Expression<Func<T, string>> Provider,
    Expression<Func<T, string>> Resource,
    Expression<Func<T, string>> State,
    Expression<Func<T, DateTimeOffset>> At,
    Expression<Func<T, string>> Id)
{
    // Compiled once per list, for merging the two sides of a party in memory.
    public Func<T, DateTimeOffset> AtOf { get; } = At.Compile();
    public Func<T, string> IdOf { get; } = Id.Compile();
}

/// <summary>
/// The lists of share requests, exchanges, quality reports and disputes, oldest first: a department sees those where
/// it is the consumer or the provider, the coordinating office all of them; <c>?state=&amp;resource=&amp;consumer=
/// &amp;provider=</c> narrow either.
/// </summary>
public static class SharingLists
{
    public static (SharingQuery?, ProblemDetails) Read(
        string list,
        IReadOnlyList<string> states,
        int? limit,
        string? after,
        string? state,
        string? resource,
        string? consumer,
        string? provider)
    {
        var errors = new Dictionary<string, string[]>();
        ListFilters.OneOf(state, "state", states, errors);
        ListFilters.Code(resource, "resource", errors);
        ListFilters.Code(consumer, "consumer", errors);
        ListFilters.Code(provider, "provider", errors);
        if (errors.Count > 0) return (null, Problems.Validation(errors));
        var (page, problem) = Paging.ReadTimed(limit, after, list);
        return page is null ? (null, problem)
            : (new SharingQuery(page, state, resource, consumer, provider), WolverineContinue.NoProblems);
    }

    /// <summary>The rows of one page (limit + 1 of them, for <see cref="Paging.Of{T}(IReadOnlyList{T}, PageQuery,
    /// Func{T, DateTimeOffset}, Func{T, string})"/>).</summary>
    public static async Task<IReadOnlyList<T>> Rows<T>(
        IQuerySession session,
        SharingQuery query,
        ClaimsPrincipal user,
        SharingListShape<T> shape,
        CancellationToken ct) where T : notnull
    {
        IQueryable<T> Filtered()
        {
            IQueryable<T> rows = session.Query<T>();
            if (query.State is { } s) rows = rows.Where(Is(shape.State, s));
            if (query.Resource is { } r) rows = rows.Where(Is(shape.Resource, r));
            if (query.Consumer is { } c) rows = rows.Where(Is(shape.Consumer, c));
            if (query.Provider is { } p) rows = rows.Where(Is(shape.Provider, p));
            return rows;
        }

        if (user.IsInRole(Roles.Coordinator))
            return await Filtered().Seek(query.Page, shape.At, shape.Id).ToListAsync(ct);

        // A party's own side: as the consumer and as the provider, two index seeks merged (an OR would scan). A filter
        // naming another party for the caller's own side leaves that side empty: it is not asked.
        var own = user.Department()!;
        var branches = new List<IReadOnlyList<T>>();
        if (query.Consumer is null || query.Consumer == own)
            branches.Add(await Filtered().Where(Is(shape.Consumer, own)).Seek(query.Page, shape.At, shape.Id)
                .ToListAsync(ct));
        if (query.Provider is null || query.Provider == own)
            branches.Add(await Filtered().Where(Is(shape.Provider, own)).Seek(query.Page, shape.At, shape.Id)
                .ToListAsync(ct));
        return Paging.Merge(branches, query.Page, shape.AtOf, shape.IdOf);
    }

    private static Expression<Func<T, bool>> Is<T>(Expression<Func<T, string>> member, string value) =>
        Expression.Lambda<Func<T, bool>>(Expression.Equal(member.Body, Expression.Constant(value)),
            member.Parameters);
}
