using System.Security.Claims;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>For unit tests of Validate and Post: callers, clocks, and what a returned Marten op would write.</summary>
public static class Decisions
{
    public static readonly DateTimeOffset Now = new(2024, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));

    public static TimeProvider Clock { get; } = new FixedClock(Now);

    public static ClaimsPrincipal Caller(string department, string role) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, $"{department}/key"),
        new Claim(ClaimTypes.Role, role),
        new Claim(Principal.DepartmentClaim, department),
    ], "test"));

    public static void Fine(ProblemDetails problem) =>
        Assert.True(ReferenceEquals(problem, WolverineContinue.NoProblems), problem.Detail);

    public static void Refused(ProblemDetails problem, int status, string type)
    {
        Assert.Equal((status, type), (problem.Status, problem.Type));
    }

    /// <summary>The streams an op would append to, without a database: the op runs on a session never saved.</summary>
    public static IReadOnlyList<StreamAction> Streams(IDocumentStore store, params IMartenOp[] ops)
    {
        var session = store.LightweightSession();
        foreach (var op in ops) op.Execute(session);
        return [.. session.PendingChanges.Streams()];
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
