using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using Wolverine;

namespace OneThing.Hub.Features.Applications;

/// <summary>A scheduled check that a dispatched service is done by its committed time limit.</summary>
public sealed record ServiceDeadlineReached(string ApplicationId, string Service, DateTimeOffset DueAt);

/// <summary>
/// 联办: after every change to an application, what happens next. Services whose prerequisites are all completed
/// are dispatched (with the results of those prerequisites as materials); services that wait for a rejected one
/// are withdrawn; when every service is done the application finishes and its results go to the front office once.
/// A pure function of the state, the time and the calendar: it returns events and messages, it does no I/O.
/// </summary>
public static class Progress
{
    public static void Next(Application app, DateTimeOffset now, WorkingCalendar calendar, string correlationId,
        List<object> events, OutgoingMessages messages)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var service in app.Services.Values.Where(s => s.State == ServiceStates.Waiting).ToList())
            {
                var before = service.Plan.Prerequisites.Where(app.Services.ContainsKey).Select(p => app.Services[p]).ToList();
                if (before.FirstOrDefault(p => p.State is ServiceStates.Rejected or ServiceStates.Withdrawn) is { } failed)
                {
                    Decide(app, events, new ServiceWithdrawn(app.Id, service.Plan.Code,
                        $"Prerequisite {failed.Plan.Code} was {failed.State}.", now));
                    changed = true;
                }
                else if (before.All(p => p.State == ServiceStates.Completed))
                {
                    Dispatch(app, service, before, now, calendar, correlationId, events, messages);
                }
            }
        } while (changed);

        if (!app.Finished && app.Services.Values.All(s => s.IsDone)) Finish(app, now, correlationId, events, messages);
    }

    private static void Dispatch(Application app, Application.ServiceState service, List<Application.ServiceState> before,
        DateTimeOffset now, WorkingCalendar calendar, string correlationId, List<object> events, OutgoingMessages messages)
    {
        var plan = service.Plan;
        var due = calendar.AddWorkingDays(now, plan.TimeLimitDays);
        // One set of materials: what earlier services produced travels with the work, the applicant never brings it.
        var materials = before.SelectMany(p => p.Results.Select(r =>
            new WorkMaterial(r.LicenceType ?? p.Plan.Code, r.Name, $"service:{p.Plan.Code}", r))).ToList();
        var work = new WorkItem(app.Id, app.OneThing, app.Edition, plan.Code, plan.Name, app.Applicant, app.Form, materials,
            plan.TimeLimitDays, due, $"/api/applications/{app.Id}/services/{plan.Code}/outcome");
        var message = DeliverToDepartment.Compose(MessageKinds.WorkItem, plan.Department, correlationId, now, work);

        Decide(app, events, new ServiceDispatched(app.Id, plan.Code, plan.Department, message.MessageId, materials, due, now));
        messages.Add(DeliverToDepartment.To(message));
        messages.Add(new ServiceDeadlineReached(app.Id, plan.Code, due).ScheduledAt(due));
    }

    private static void Finish(Application app, DateTimeOffset now, string correlationId, List<object> events, OutgoingMessages messages)
    {
        var completed = app.Services.Values.Count(s => s.State == ServiceStates.Completed);
        var state = completed == app.Services.Count ? "completed" : completed == 0 ? "rejected" : "partially-completed";
        Decide(app, events, new ApplicationFinished(app.Id, app.OneThing, app.FrontOffice, state, completed, app.Services.Count - completed,
            Math.Round((now - app.SubmittedAt).TotalHours, 4), now));

        var results = new ApplicationResults(app.Id, app.OneThing, state, app.Delivery,
            app.Services.Values.Select(s => new ServiceStatus(s.Plan.Code, s.Plan.Name, s.Plan.Department, s.State, now,
                s.Plan.TimeLimitDays, Results: s.Results)).ToList());
        var message = DeliverToDepartment.Compose(MessageKinds.ApplicationResults, app.FrontOffice, correlationId, now, results);
        events.Add(new ApplicationResultsDelivered(app.Id, app.FrontOffice, app.Delivery.Method, app.Delivery.Address, message.MessageId, now));
        messages.Add(DeliverToDepartment.To(message));
    }

    private static void Decide(Application app, List<object> events, object e)
    {
        app.Decided(e);
        events.Add(e);
    }
}
