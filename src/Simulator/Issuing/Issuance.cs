using System.Collections.Concurrent;
using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// A department completing a service that yields an e-licence: it reads the work item (and the licences attached
/// to it as materials, when the values it needs are only there), builds the licence (<see cref="LicenceContent"/>),
/// pushes it, and records the registration in its register (a newborn, a new enterprise, a death). A work item
/// delivered twice yields the licence once.
/// </summary>
public sealed class Issuance(
    Population population,
    Licences licences,
    Departments departments,
    HubClient hub,
    ILogger<Issuance> log
)
{
    private readonly ConcurrentDictionary<(string Application, string Service), Lazy<Task<string?>>> _issued = new();

    private readonly ConcurrentDictionary<string, bool> _fromWork = new();

    /// <summary>Whether this licence was issued for an application's work item: a front office offered a draft for
    /// it knows the application is under way.</summary>
    public bool FromWork(string licenceId) => _fromWork.ContainsKey(licenceId);

    public Task<string?> Issue(string department, string type, WorkItem work, Random random, CancellationToken ct) =>
        _issued
            .GetOrAdd((work.ApplicationId, work.Service),
                _ => new Lazy<Task<string?>>(() => IssueOnce(department, type, work, random, ct)))
            .Value;

    private async Task<string?> IssueOnce(string department, string type, WorkItem work, Random random,
        CancellationToken ct)
    {
        if (!licences.Types.TryGetValue(type, out var info) || !licences.Signs(department)
            || !info.Issuers.Contains(department))
            return null;
        var values = await Values(department, work, ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var content = new LicenceContent(population, info, department, departments.FullName(department), work, values,
            today, random).Build();
        if (content is not { } built)
            return null;
        try
        {
            var id = await licences.Push(built.Document, ct);
            _fromWork[id] = true;
            built.Registered();
            return id;
        }
        catch
        {
            _issued.TryRemove((work.ApplicationId, work.Service), out _); // a later delivery tries again
            throw;
        }
    }

    /// <summary>The work item's values by field code: its form, the fields the hub filled, and what the licences
    /// attached as materials say (a birth certificate's date of birth, a death certificate's date) where neither
    /// has it.</summary>
    private async Task<Dictionary<string, string>> Values(string department, WorkItem work, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(work.Form);
        foreach (var field in work.Fields ?? [])
            if (!string.IsNullOrWhiteSpace(field.Value))
                values[field.Code] = field.Value;
        foreach (var material in work.Materials)
        {
            // Read only when the work item lacks what the licence is there for (a pull is recorded as a read).
            if (material.Document is not { LicenceId: { } id, LicenceType: { } type }
                || !MaterialFields.TryGetValue(type, out var map)
                || Needed[type].All(values.ContainsKey))
                continue;
            try
            {
                var document = (await Pull(department, id, ct)).Document;
                foreach (var (from, to) in map)
                {
                    var value = from switch
                    {
                        "holder-name" => document.Holder.Name,
                        "holder-id" => document.Holder.IdNumber,
                        _ => document.Fields.GetValueOrDefault(from),
                    };
                    if (value is not null)
                        values.TryAdd(to, value);
                }
            }
            catch (Exception e) when (e is HttpRequestException or Microsoft.Kiota.Abstractions.ApiException)
            {
                log.LogInformation("{Department} could not read licence {Id}: {Error}", department, id, e.Message);
            }
        }
        return values;
    }

    private async Task<LicenceRecord> Pull(string department, string id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
            try
            {
                return await Records.From<LicenceRecord>(
                    await hub.As(departments.Key(department)).Licences[id].GetAsync(cancellationToken: ct));
            }
            // Two departments reading one licence at the same moment can meet a 409 on the hub's record of reads.
            catch (Microsoft.Kiota.Abstractions.ApiException e) when (attempt < 3 && e.ResponseStatusCode == 409)
            {
                await Task.Delay(100 * attempt, ct);
            }
    }

    private static readonly Dictionary<string, string[]> Needed = new()
    {
        ["birth-medical-certificate"] = ["newborn-name", "newborn-sex", "newborn-birth-date"],
        ["household-register-booklet"] = ["newborn-resident-id"],
        ["death-medical-certificate"] = ["deceased-name", "deceased-resident-id", "death-date"],
    };

    /// <summary>Licence field → form field, for the licences a later service receives as materials.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> MaterialFields = new()
    {
        ["birth-medical-certificate"] = new()
        {
            ["holder-name"] = "newborn-name",
            ["holder-id"] = "birth-certificate-number",
            ["sex"] = "newborn-sex",
            ["birth-date"] = "newborn-birth-date",
            ["mother-name"] = "mother-name",
            ["father-name"] = "father-name",
            ["mother-resident-id"] = "mother-resident-id",
            ["father-resident-id"] = "father-resident-id",
        },
        ["household-register-booklet"] = new() { ["holder-id"] = "newborn-resident-id" },
        ["death-medical-certificate"] = new()
        {
            ["holder-name"] = "deceased-name",
            ["holder-id"] = "deceased-resident-id",
            ["death-date"] = "death-date",
            ["death-place"] = "death-place",
        },
    };
}
