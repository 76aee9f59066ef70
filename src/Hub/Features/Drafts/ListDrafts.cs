using System.Security.Claims;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Drafts;

public static class ListDraftsEndpoint
{
    public static ProblemDetails Validate(int? limit, string? state, string? after)
    {
        if (limit is < 1 or > 500) return Problems.Validation("limit", "Use 1 to 500.");
        if (state is not null && !DraftStates.All.Contains(state))
            return Problems.Validation("state", $"Use one of {string.Join(", ", DraftStates.All)}.");
        return after is not null && Cursor(after) is null
            ? Problems.Validation("after", "Not a cursor of this list.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The caller front office's drafts (免申即享), oldest first, optionally in one state.</summary>
    [WolverineGet("/api/drafts"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<DraftList>(200)]
    public static async Task<DraftList> Get(
        int? limit,
        string? state,
        string? after,
        ClaimsPrincipal user,
        IQuerySession session,
        CancellationToken ct)
    {
        var own = user.Department()!;
        var take = limit ?? 50;
        var query = session.Query<DraftView>().Where(d => d.FrontOffice == own);
        if (state is not null) query = query.Where(d => d.State == state);
        if (after is not null && Cursor(after) is { } from) query = query.Where(d => d.SortKey.CompareTo(from) > 0);
        var page = await query.OrderBy(d => d.SortKey).Take(take + 1).ToListAsync(ct);
        var next = page.Count > take ? Encode(page[take - 1].SortKey) : null;
        return new DraftList([.. page.Take(take).Select(d => d.ToContract())], next);
    }

    private static string Encode(string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // The cursor is the last item's sort key: the time prepared (19 digits of ticks), a colon, the draft id.
    private static string? Cursor(string after)
    {
        try
        {
            var text = after.Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
            var key = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            return key.Length > 20 && key[19] == ':' && key[..19].All(char.IsAsciiDigit)
                   && Guid.TryParse(key[20..], out _) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
