using System.Security.Claims;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;

namespace OneThing.Hub.Tests.Applications.Decisions;

/// <summary>Applications as their decision state, built without a database: a newborn-like chain of services.</summary>
public static class Cases
{
    public const string Window = "government-services";
    public const string Id = "0198c0de-0000-7000-8000-000000000001";
    public const string TheCase = "case-correlation";

    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Weekends only: every working day is a weekday.</summary>
    public static readonly WorkingCalendar Calendar = new([], []);

    // birth → household and vaccination; household → insurance.
    public static readonly IReadOnlyList<PlannedService> Plan =
    [
        new("birth", "出生医学证明", "health", [], 5),
        new("household", "户口登记", "public-security", ["birth"], 3),
        new("vaccination", "预防接种证", "health", ["birth"], 3),
        new("insurance", "医保参保", "medical-security", ["household"], 2),
    ];

    public static ApplicationSubmitted Submitted(IReadOnlyList<PlannedService>? services = null) => new(
        Id, "newborn", "2022", Window, new CaseApplicant(ApplicantKinds.Person, "120101202301010010", "张小明"),
        new Dictionary<string, string> { ["birth-date"] = "2026-02-20" }, [], services ?? Plan, [],
        new CaseDelivery(DeliveryMethods.Electronic), $"{Window}/key", Monday);

    public static Application Submitted(out IReadOnlyList<object> first, IReadOnlyList<PlannedService>? services = null)
    {
        var state = Application.Create(Submitted(services), TheCase);
        (first, _) = Progress.Next(state, Monday, Calendar);
        return first.Aggregate(state, (s, e) => s.Evolve(e));
    }

    /// <summary>The state after <paramref name="events"/>, on top of <paramref name="state"/>.</summary>
    public static Application Then(this Application state, IEnumerable<object> events) =>
        events.Aggregate(state, (s, e) => s.Evolve(e));

    public static ServiceCompleted Completed(string service, string department, params CaseDocument[] results) =>
        new(Id, service, department, results, null, 1, true, $"{department}/key", Monday.AddHours(1));

    public static ClaimsPrincipal Department(string code) => User(Roles.Department, code);
    public static ClaimsPrincipal Coordinator() => User(Roles.Coordinator, "government-services-coordination");

    private static ClaimsPrincipal User(string role, string department) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, $"{department}/key"),
        new Claim(ClaimTypes.Role, role),
        new Claim(Principal.DepartmentClaim, department),
    ], "test"));
}
