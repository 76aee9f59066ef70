using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Licences.Subscriptions;

public static class SubscribeEndpoint
{
    public static ProblemDetails Validate(LicenceSubscription request, LicenceTypes types)
    {
        var unknown = request.Types.Where(t => types.Find(t) is null).ToList();
        return unknown.Count > 0
            ? Problems.Validation("types", $"Unknown licence types: {string.Join(", ", unknown)}.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The licence types the caller relies on; it receives their issues, amendments and revocations.</summary>
    [WolverinePut("/api/licence-subscriptions"), Authorize(Roles = Roles.Department)]
    public static (LicenceSubscription, IMartenOp) Put(LicenceSubscription request, ClaimsPrincipal user,
        TimeProvider clock)
    {
        var department = user.Department()!;
        var types = request.Types.Distinct().Order().ToList();
        var changed = new LicenceSubscriptionChanged(department, types, user.Id(), clock.GetUtcNow());
        return (new LicenceSubscription(types), new ReplaceSubscription(LicenceSubscriptionView.StreamKey(department),
            changed));
    }
}

/// <summary>
/// A new list replaces the last one whatever it held, so nothing is decided from the stream and no version is
/// checked: two changes at once both land, the later one wins, as the later PUT should. The same append starts the
/// stream for a department's first list.
/// </summary>
public sealed record ReplaceSubscription(string Stream, LicenceSubscriptionChanged Changed) : IMartenOp
{
    // By hand: nothing is decided from this stream; the later of two changes wins, with no version to check.
    public void Execute(IDocumentSession session) => session.Events.Append(Stream, Changed);
}
