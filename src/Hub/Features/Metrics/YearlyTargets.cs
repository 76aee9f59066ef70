using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Metrics;

/// <summary>When a One Thing was brought into operation: its first application completed (the year in Beijing
/// time). Null until one is; applications that were rejected or only partly completed launch nothing.</summary>
public sealed class OneThingLaunch
{
    public string Id { get; set; } = "";
    public int? Year { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? ApplicationId { get; set; }
    public string? FrontOffice { get; set; }
}

public sealed class OneThingLaunchProjection : MultiStreamProjection<OneThingLaunch, string>
{
    // Events recorded before the hub named the One Thing on them launch nothing.
    public OneThingLaunchProjection() =>
        Identities<ApplicationFinished>(e => e.OneThing is null ? [] : [e.OneThing]);

    public static void Apply(OneThingLaunch launch, ApplicationFinished e)
    {
        if (launch.Year is not null || e.State != "completed") return;
        launch.Year = WorkingCalendar.Today(e.FinishedAt).Year;
        (launch.CompletedAt, launch.ApplicationId, launch.FrontOffice) = (e.FinishedAt, e.ApplicationId,
            e.FrontOffice);
    }
}

/// <summary>
/// The plan's yearly targets as its text means them (各市级部门每年至少完成1项“一件事一次办”事项, 各区每年至少完成10项):
/// a city-level unit, at least one One Thing of the year's edition in which it is a lead or responsible unit and
/// which was brought into operation that year; a district, at least ten distinct One Things completed through its
/// government service office in the year. A city-level unit with no part in any One Thing of the edition is shown
/// as such ("no-part"), not as failing.
/// </summary>
public static class YearlyTargets
{
    public const int CityTarget = 1;
    public const int DistrictTarget = 10;

    public static TargetList Of(
        int year,
        CatalogEditionDocument? edition,
        IEnumerable<Department> departments,
        YearFigures figures,
        IReadOnlySet<string> launched)
    {
        var things = edition?.OneThings ?? [];
        var rows = new List<TargetStatus>();
        foreach (var d in departments.OrderBy(d => d.Code, StringComparer.Ordinal))
        {
            if (d.Kind == DepartmentKinds.DistrictOffice)
            {
                var done = (figures.ByFrontOffice.GetValueOrDefault(d.Code) ?? []).Order(StringComparer.Ordinal)
                    .ToList();
                rows.Add(new TargetStatus(d.Code, d.Name, "district", DistrictTarget, done.Count,
                    done.Count >= DistrictTarget, done, State(done.Count >= DistrictTarget)));
                continue;
            }
            var part = things.Where(o => o.LeadUnits.Contains(d.Code)
                                         || o.Services.Any(s => s.ResponsibleUnits.Contains(d.Code)))
                .Select(o => o.Code).ToList();
            var counted = part.Where(launched.Contains).Order(StringComparer.Ordinal).ToList();
            var met = counted.Count >= CityTarget;
            rows.Add(new TargetStatus(d.Code, d.Name, "city", CityTarget, counted.Count, met, counted,
                part.Count == 0 ? TargetStates.NoPart : State(met), part.Count));
        }
        var noPart = rows.Count(r => r.Status == TargetStates.NoPart);
        return new TargetList(year, rows.Count(r => r.Met), rows.Count - noPart, rows, edition?.Edition, noPart);
    }

    private static string State(bool met) => met ? TargetStates.Met : TargetStates.Unmet;

    public static ProblemDetails Validate(int? year) =>
        year is null or (>= 2022 and <= 2100)
            ? WolverineContinue.NoProblems
            : Problems.Validation("year", "Use a year from 2022 to 2100.");

    /// <summary>The targets of <c>?year=</c> (this year in Beijing without it), against that year's catalog
    /// edition, or the newest one published before it.</summary>
    [WolverineGet("/api/metrics/targets"), Authorize(Roles = $"{Roles.DataCentre},{Roles.Coordinator}")]
    public static async Task<TargetList> Get(int? year, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
    {
        var y = year ?? WorkingCalendar.Today(clock.GetUtcNow()).Year;
        var name = y.ToString();
        // One round trip; of the editions only the one in force that year is read (they are hundreds of KB each).
        var batch = session.CreateBatchQuery();
        var figures = batch.Load<YearFigures>(name);
        var launched = batch.Query<OneThingLaunch>().Where(l => l.Year == y).Select(l => l.Id).ToList();
        var departments = batch.Query<DepartmentView>().Select(v => v.Department).ToList();
        var edition = batch.Query<CatalogEditionView>().Where(e => e.Edition.CompareTo(name) <= 0)
            .OrderByDescending(e => e.Edition).FirstOrDefault();
        await batch.Execute(ct);
        return Of(y, (await edition)?.Catalog, await departments, await figures ?? new YearFigures(),
            (await launched).ToHashSet());
    }
}
