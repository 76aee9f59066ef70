using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using Wolverine;

namespace OneThing.Hub.Features.Applications;

/// <summary>
/// 联办: after every change to an application, what happens next. Services whose prerequisites are all completed
/// are dispatched (with the results of those prerequisites as materials); services that wait for a rejected one
/// are withdrawn; when every service is done the application finishes and its results go to the front office once.
/// A pure function of the state, the time and the calendar: it returns events and messages, it does no I/O and
/// changes nothing it is given. Messages carry the case's correlation id, whoever moved the case on.
/// </summary>
public static class Progress
{
    public static (IReadOnlyList<object> Events, IReadOnlyList<object> Messages) Next(
        Application app,
        DateTimeOffset now,
        WorkingCalendar calendar)
    {
        var events = new List<object>();
        var messages = new List<object>();
        void Decide(object e)
        {
            app = app.Evolve(e);
            events.Add(e);
        }

        bool withdrew;
        do
        {
            withdrew = false;
            foreach (var code in app.Services.Where(s => s.Stage == ServiceStage.Waiting).Select(s => s.Code).ToList())
            {
                var service = app.Service(code)!;
                var before = service.Plan.Prerequisites.Select(app.Service).OfType<ServiceState>().ToList();
                var failed = before.FirstOrDefault(p => p.Stage is ServiceStage.Rejected or ServiceStage.Withdrawn);
                if (failed is not null)
                {
                    Decide(new ServiceWithdrawn(app.Id, code, $"Prerequisite {failed.Code} was {failed.State}.", now));
                    withdrew = true;
                }
                else if (before.All(p => p.Stage == ServiceStage.Completed))
                {
                    // 联办: a service of several responsible units goes to every one of them at once.
                    DateTimeOffset? due = null;
                    foreach (var unit in service.Plan.AllUnits)
                    {
                        var (dispatched, work) = Dispatch(app, service.Plan, unit, before, now, calendar);
                        Decide(dispatched);
                        messages.Add(DeliverToDepartment.To(work));
                        due = dispatched.DueAt;
                    }
                    messages.Add(new ServiceDeadlineReached(app.Id, code, due!.Value).ScheduledAt(due.Value));
                }
            }
        } while (withdrew);

        if (!app.Finished && app.Services.All(s => s.IsDone))
        {
            var (finished, delivered, results) = Finish(app, now);
            Decide(finished);
            events.Add(delivered);
            messages.Add(DeliverToDepartment.To(results));
        }
        return (events, messages);
    }

    private static (ServiceDispatched, DepartmentMessage) Dispatch(
        Application app,
        PlannedService plan,
        string unit,
        List<ServiceState> before,
        DateTimeOffset now,
        WorkingCalendar calendar)
    {
        var due = calendar.AddWorkingDays(now, plan.TimeLimitDays);
        // One set of materials: what earlier services produced travels with the work, the applicant never brings it;
        // with it what the applicant uploaded once and the licences and records the hub found for this service.
        var materials = before.SelectMany(p => p.Documents.Select(r =>
            new CaseMaterial(r.LicenceType ?? p.Code, r.Name, $"service:{p.Code}", r)))
            .Concat(plan.Attached ?? []).ToList();
        var (form, fields) = FormOf(app, plan);
        var work = new WorkItem(app.Id, app.OneThing, app.Edition, plan.Code, plan.Name, app.Applicant.ToContract(),
            form, [.. materials.Select(m => m.ToContract())], plan.TimeLimitDays, due,
            $"/api/applications/{app.Id}/services/{plan.Code}/outcome", fields,
            plan.IsJoint ? new JointWork(plan.JointWork ?? JointWorkKinds.Review, plan.AllUnits) : null);
        var message = DeliverToDepartment.Compose(MessageKinds.WorkItem, unit, app.CorrelationId, now, work);
        var dispatched = new ServiceDispatched(app.Id, plan.Code, unit, message.MessageId, materials, due, now);
        return (dispatched, message);
    }

    /// <summary>
    /// 最小必要: the work item's form holds the fields of this service's own guide only, each with its source; a
    /// field a chosen earlier service fills comes from the e-licence it produced. Applications from before round 2
    /// planned no fields: their work items carry the whole form, as they did.
    /// </summary>
    private static (IReadOnlyDictionary<string, string>, List<FormValue>?) FormOf(Application app,
        PlannedService plan)
    {
        if (plan.Fields is null) return (app.Form, null);
        var values = new List<(PlannedField Field, CaseFormValue? Value)>();
        foreach (var field in plan.Fields)
        {
            var read = (field.FromServices ?? []).Select(app.LicenceOf)
                .FirstOrDefault(r => r is not null && r.LicenceType == field.Licence
                                     && r.Fields.ContainsKey(field.LicenceField!));
            values.Add((field, read is not null
                ? new CaseFormValue(field.Code, read.Fields[field.LicenceField!], FieldSourceKinds.Service,
                    LicenceType: read.LicenceType, LicenceId: read.LicenceId, Service: read.Service,
                    Field: field.LicenceField)
                : app.Values?.GetValueOrDefault(field.Code)));
        }
        var form = values.Where(v => v.Value is not null).ToDictionary(v => v.Field.Code, v => v.Value!.Value);
        return (form, [.. values.Select(v => new FormValue(v.Field.Code, v.Field.Label, v.Field.Type,
            v.Field.Required, [plan.Code], v.Value?.Value, v.Value?.ToSource(), v.Value?.Found))]);
    }

    private static (ApplicationFinished, ApplicationResultsDelivered, DepartmentMessage) Finish(
        Application app,
        DateTimeOffset now)
    {
        var completed = app.Services.Count(s => s.Stage == ServiceStage.Completed);
        var state = completed == app.Services.Count ? "completed" : completed == 0 ? "rejected" : "partially-completed";
        var finished = new ApplicationFinished(app.Id, app.OneThing, app.FrontOffice, state, completed,
            app.Services.Count - completed, Math.Round((now - app.SubmittedAt).TotalHours, 4), now);

        var results = new ApplicationResults(app.Id, app.OneThing, state, app.Delivery.ToContract(),
            [.. app.Services.Select(s => new ServiceStatus(s.Code, s.Plan.Name, s.Plan.Department, s.State, now,
                s.Plan.TimeLimitDays, Results: s.Documents.ToContract()))]);
        var message = DeliverToDepartment.Compose(MessageKinds.ApplicationResults, app.FrontOffice, app.CorrelationId,
            now, results);
        var delivered = new ApplicationResultsDelivered(app.Id, app.FrontOffice, app.Delivery.Method,
            app.Delivery.Address, message.MessageId, now);
        return (finished, delivered, message);
    }
}
