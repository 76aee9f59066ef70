using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Catalog;

namespace OneThing.Hub.Features.Licences;

/// <summary>
/// An application still open, as a basis for licence pulls: who serves it now (a service dispatched and not yet
/// done) with the licence types that service's guide lists, and every type its chosen services list (the front
/// office's basis). A completed, rejected or withdrawn service, and a finished application, give no basis.
/// </summary>
public sealed record OpenCase(
    string ApplicationId,
    string Applicant,
    string FrontOffice,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Serving,
    IReadOnlySet<string> Listed);

public static class OpenCases
{
    private static readonly HashSet<string> Working =
        [ServiceStates.Dispatched, ServiceStates.Accepted, ServiceStates.Supplement];

    /// <summary>The licence types a service's guide lists: materials an e-licence stands in for, and form fields a
    /// licence fills.</summary>
    public static IReadOnlySet<string> Listed(InvolvedService? service) =>
        ((IEnumerable<string?>)[
            .. (service?.Guide?.Materials ?? []).Select(m => m.SuppliedBy?.LicenceType),
            .. (service?.Guide?.FormFields ?? []).Select(f => f.Source?.Licence),
        ]).OfType<string>().ToHashSet();

    /// <summary>The holder's open applications, and those named (where the caller received a licence as a
    /// material), each with what its services list.</summary>
    public static async Task<IReadOnlyList<OpenCase>> Load(
        IQuerySession session,
        string? holderId,
        IReadOnlyCollection<string> applicationIds,
        CancellationToken ct)
    {
        var apps = holderId is null ? []
            : (await session.Query<ApplicationView>()
                .Where(a => a.Applicant.IdNumber == holderId && a.FinishedAt == null).ToListAsync(ct)).ToList();
        var more = applicationIds.Except(apps.Select(a => a.Id)).ToArray();
        if (more.Length > 0)
            apps.AddRange((await session.LoadManyAsync<ApplicationView>(ct, more)).Where(a => a.FinishedAt is null));
        if (apps.Count == 0) return [];
        var editions = (await session.LoadManyAsync<CatalogEditionView>(ct,
                apps.Select(a => CatalogEditionView.StreamKey(a.Edition)).Distinct().ToArray()))
            .ToDictionary(e => e.Edition);
        return [.. apps.Select(a => Of(a, editions.GetValueOrDefault(a.Edition)?.Catalog))];
    }

    public static OpenCase Of(ApplicationView app, CatalogEditionDocument? catalog)
    {
        var thing = catalog?.OneThings.FirstOrDefault(o => o.Code == app.OneThing);
        var listed = app.Services.ToDictionary(s => s.Plan.Code,
            s => Listed(thing?.Services.FirstOrDefault(x => x.Code == s.Plan.Code)));
        var serving = new Dictionary<string, HashSet<string>>();
        foreach (var line in app.Services)
            foreach (var unit in line.Plan.AllUnits)
            {
                // 联办: each unit's own part decides, where the view keeps one.
                var state = line.Units?.FirstOrDefault(u => u.Department == unit)?.State ?? line.State;
                if (!Working.Contains(state)) continue;
                if (!serving.TryGetValue(unit, out var types)) serving[unit] = types = [];
                types.UnionWith(listed[line.Plan.Code]);
            }
        return new OpenCase(app.Id, app.Applicant.IdNumber, app.FrontOffice,
            serving.ToDictionary(s => s.Key, IReadOnlySet<string> (s) => s.Value),
            listed.Values.SelectMany(t => t).ToHashSet());
    }
}
