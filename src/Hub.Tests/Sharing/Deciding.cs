using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Tests.Sharing;

/// <summary>What the pure tests of the sharing deciders share: principals, a still clock, readings of
/// results.</summary>
public static class Deciding
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);   // a Monday, 10:00 in Beijing

    public static ClaimsPrincipal Department(string code) => Principal(Roles.Department, code);
    public static ClaimsPrincipal Coordinator => Principal(Roles.Coordinator, "government-services");

    private static ClaimsPrincipal Principal(string role, string department) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, $"{department}/key-1"),
        new Claim(ClaimTypes.Role, role),
        new Claim(OneThing.Hub.Infrastructure.Auth.Principal.DepartmentClaim, department),
    ], "test"));

    public static TimeProvider Clock(DateTimeOffset? at = null) => new StillClock(at ?? Now);

    public static HttpContext Http() => new DefaultHttpContext { TraceIdentifier = "corr-1" };

    public static void Fine(ProblemDetails problem) => Assert.Same(WolverineContinue.NoProblems, problem);

    public static void Problem(int status, ProblemDetails problem) => Assert.Equal(status, problem.Status);

    public static int Status(IResult result) => result switch
    {
        ProblemHttpResult p => p.StatusCode,
        IStatusCodeHttpResult s => s.StatusCode ?? 200,
        _ => throw new InvalidOperationException($"No status in {result.GetType()}"),
    };

    public static T Value<T>(IResult result) => Assert.IsType<T>(((IValueHttpResult)result).Value);

    /// <summary>The notices among the messages, as (department, kind).</summary>
    public static List<(string, string)> Notices(IEnumerable<object> messages) =>
        messages.OfType<DeliverToDepartment>().Select(d => (d.Message.Department, d.Message.Kind)).ToList();

    /// <summary>The messages of a type among the messages, scheduled (wrapped) or not.</summary>
    public static List<T> Sent<T>(IEnumerable<object> messages) =>
        messages.Select(m => m is T ? m : m.GetType().GetProperty("Message")?.GetValue(m)).OfType<T>().ToList();

    private sealed class StillClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
