using JasperFx.Events;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Guides;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Infrastructure;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Drafts;

/// <summary>A pushed licence opened this One Thing: prepare its draft.</summary>
public sealed record PrepareDraft(string LicenceId, string OneThing, string Edition, string Correlation);

public static class LicenceIssuedTriggersHandler
{
    /// <summary>Which One Things the licence opens, by the newest edition's triggers: one message each, so that
    /// each draft is prepared (and retried) on its own.</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<LicenceIssued> e, IQuerySession session,
        CancellationToken ct)
    {
        var editions = await session.Query<CatalogEditionView>().OrderByDescending(x => x.Edition).ToListAsync(ct);
        var newest = editions.SelectMany(v => v.Catalog.OneThings.Select(o => (v.Edition, Thing: o)))
            .DistinctBy(x => x.Thing.Code);
        var messages = new OutgoingMessages();
        var opened = newest.Where(x => x.Thing.OpenedBy?.Any(t => t.Licence == e.Data.Type) == true);
        foreach (var (edition, thing) in opened)
            messages.Add(new PrepareDraft(e.Data.LicenceId, thing.Code, edition, e.CorrelationId ?? e.Data.LicenceId));
        return messages;
    }
}

public static class PrepareDraftHandler
{
    public static async Task<(IMartenOp, OutgoingMessages)> Handle(
        PrepareDraft command,
        IDocumentSession session,
        FormLookups lookups,
        SecretBox box,
        HubOptions hub,
        TimeProvider clock,
        CancellationToken ct)
    {
        var id = DraftTriggers.DraftId(command.LicenceId, command.OneThing);
        var licence = await session.LoadAsync<LicenceView>(command.LicenceId, ct);
        var found = await CatalogQueries.Find(session, command.OneThing, command.Edition, ct);
        var trigger = found?.OneThing.OpenedBy?.FirstOrDefault(t => t.Licence == licence?.Type);
        // Prepared already (the event seen again), or nothing to prepare from: nothing to do.
        if (licence is null || trigger is null || await session.Events.FetchStreamStateAsync(id, ct) is not null)
            return (MartenOps.Nothing(), []);

        var held = new HeldLicence(licence.Id, licence.Type, licence.Number, licence.Document.Holder,
            licence.Document.Fields);
        var thing = found!.OneThing;
        var who = DraftTriggers.Applicant(trigger, held);
        // An old licence pushed late (a register loaded into the hub) opens nothing: the moment has passed. Nor
        // does one for a person who has applied for the One Thing already (the licence is that application's).
        if (!DraftTriggers.Recent(licence.Document.IssuedOn, clock.GetUtcNow(), hub.DraftExpiry)
            || await Applying(session, thing.Code, DraftTriggers.Persons(trigger, held), ct))
            return (MartenOps.Nothing(), []);
        var frontOffice = await FrontOffice(session, DraftTriggers.DivisionCode(who?.IdNumber, held), ct);
        var services = DraftTriggers.Services(thing, trigger);
        var fields = OneForm.Of(thing.Services, services);
        var fromLicence = DraftTriggers.FromLicence(trigger, held, fields);
        var name = who is { } a ? await IdCardName(session, box, a.IdNumber, clock.GetUtcNow(), ct) ?? a.Name : null;
        // Without a name the applicant is not known well enough to apply for: the front office gives them.
        var applicant = who is { } w && name is { Length: > 0 }
            ? new Applicant(ApplicantKinds.Person, w.IdNumber, name) : null;

        // The licences the submission would read (ID cards, the applicant's own); shared data is asked for only on
        // submission, once the applicant has agreed: a draft declined never queried another department's records.
        var typed = fromLicence.ToDictionary(v => v.Code, v => v.Value);
        var chosen = thing.Services.Where(s => services.Contains(s.Code));
        var (licenceAsks, exchangeAsks) = applicant is null ? ([], [])
            : FormFilling.Asks(fields, ApplicationPlan.MaterialLicenceTypes(chosen), applicant, typed);
        var values = fromLicence.ToDictionary(v => v.Code);
        if (applicant is not null)
        {
            var read = await lookups.Run(thing, licenceAsks, [], session, DraftTriggers.PreparedBy,
                command.Correlation, ct);
            values = DraftTriggers.WithLicenceSources(FormFilling.Fill(fields, applicant, typed, read).Values.Values,
                fromLicence).ToDictionary(v => v.Code);
        }
        var atSubmission = fields.Where(f => !values.ContainsKey(f.Code)
            && f.Lookups.Any(l => exchangeAsks.Any(a => a.Resource == l.Resource))).Select(f => f.Code).ToList();
        var toType = fields.Where(f => f.NeededAtSubmission && !values.ContainsKey(f.Code)
            && !atSubmission.Contains(f.Code)).Select(f => f.Code);

        var now = clock.GetUtcNow();
        var prepared = new DraftPrepared(id, thing.Code, thing.Name, command.Edition, frontOffice, licence.Id,
            licence.Type, applicant?.ToCase(), services,
            [.. fields.Select(f => DraftTriggers.Field(f, values.GetValueOrDefault(f.Code)))], [.. toType],
            fromLicence, now, now + hub.DraftExpiry, atSubmission, licence.Number);
        return (MartenOps.StartStream<Draft>(id, prepared),
        [
            DeliverToDepartment.To(DeliverToDepartment.Compose(MessageKinds.ApplicationDraft, frontOffice,
                command.Correlation, now, DraftContract.Of(prepared))),
            new DraftExpires(id, prepared.ExpiresAt).ScheduledAt(prepared.ExpiresAt),
        ]);
    }

    private static async Task<bool> Applying(IQuerySession session, string oneThing, string[] persons,
        CancellationToken ct) =>
        persons.Length > 0 && await session.Query<ApplicationView>().AnyAsync(a =>
            a.OneThing == oneThing && a.State == "in-progress" && a.Applicant.IdNumber.IsOneOf(persons), ct);

    // The district office whose division code the number starts with; else the coordinating office's window.
    private static async Task<string> FrontOffice(IQuerySession session, string? division, CancellationToken ct) =>
        (division is null ? null : await session.Query<DepartmentView>()
            .Where(d => d.Department.Kind == DepartmentKinds.DistrictOffice && d.Department.DivisionCode == division)
            .Select(d => d.Department.Code).FirstOrDefaultAsync(ct))
        ?? await DepartmentQueries.CoordinatingOffice(session, ct)
        ?? throw new InvalidOperationException("The registry has no coordinating office.");

    // The name on the person's one valid ID card, when the hub holds it: a licence's own field may be misspelt.
    private static async Task<string?> IdCardName(IQuerySession session, SecretBox box, string idNumber,
        DateTimeOffset now, CancellationToken ct)
    {
        var key = box.Blind(idNumber);
        var cards = await session.Query<LicenceView>()
            .Where(l => l.HolderKey == key && l.Type == "resident-id-card").ToListAsync(ct);
        var valid = cards.Where(c => c.Document.Holder.IdNumber == idNumber && c.Status(now) == LicenceStatuses.Valid)
            .ToList();
        return valid.Count == 1 ? valid[0].Document.Holder.Name : null;
    }
}
