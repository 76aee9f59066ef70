using System.Linq.Expressions;
using Marten;

namespace OneThing.Hub.Infrastructure;

/// <summary>The indexes behind a list: one B-tree per filter, ending with the list's order (a time, then the id), so
/// that a filtered page is one range seek from the cursor (<see cref="Paging.Seek{T}"/>).</summary>
public static class ListIndexes
{
    /// <summary>A computed index over <paramref name="columns"/>, named <c>mt_doc_{document}_idx_{name}</c> (the
    /// derived name of several nested members would pass PostgreSQL's 63 characters).</summary>
    public static MartenRegistry.DocumentMappingExpression<T> Listed<T>(
        this MartenRegistry.DocumentMappingExpression<T> mapping,
        string name,
        params Expression<Func<T, object>>[] columns) =>
        mapping.Index(columns, index => index.Name = $"mt_doc_{typeof(T).Name.ToLowerInvariant()}_idx_{name}");
}
