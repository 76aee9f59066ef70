using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Applications;

/// <summary>Who supervises an application's One Thing: its lead units (牵头单位) and the coordinating office.</summary>
public sealed record Supervisors(IReadOnlyList<string> Units);

public static class ServiceDeadlineHandler
{
    public static async Task<Supervisors> LoadAsync(ServiceDeadlineReached message, IQuerySession session,
        CancellationToken ct)
    {
        var application = await session.LoadAsync<ApplicationView>(message.ApplicationId, ct);
        var thing = application is null ? null
            : await CatalogQueries.Find(session, application.OneThing, application.Edition, ct);
        var coordinator = await DepartmentQueries.CoordinatingOffice(session, ct);
        return new([.. (thing?.OneThing.LeadUnits ?? []).Append(coordinator).OfType<string>().Distinct()]);
    }

    /// <summary>
    /// The committed time limit of a service has come. Overdue only when the service is still open, its clock is
    /// running and this deadline was not moved since (a supplement pause schedules a new one). 监管: an overdue
    /// service is escalated at once to the One Thing's lead units and the coordinating office, on their channels.
    /// The events join the case's correlation through <see cref="CaseCorrelation"/>, whatever correlation the
    /// message came with.
    /// </summary>
    public static (Events, OutgoingMessages) Handle(
        ServiceDeadlineReached message,
        [WriteAggregate] Application application,
        Supervisors supervisors,
        TimeProvider clock) =>
        Decide(message, application, clock.GetUtcNow(), supervisors);

    public static (Events, OutgoingMessages) Decide(ServiceDeadlineReached message, Application application,
        DateTimeOffset now, Supervisors? supervisors = null)
    {
        if (application.Service(message.Service) is not
                { Stage: ServiceStage.Dispatched or ServiceStage.Accepted } service
            || service.DueAt != message.DueAt || now < message.DueAt)
            return ([], []);
        var overdue = new ServiceOverdue(application.Id, message.Service, service.Plan.Department, message.DueAt, now);
        var to = supervisors?.Units ?? [];
        if (to.Count == 0) return ([overdue], []);
        var heldBy = service.Plan.AllUnits.Where(u => service.StageOf(u) != ServiceStage.Completed).ToList();
        var notice = new EscalationNotice(application.Id, application.OneThing, message.Service, heldBy,
            message.DueAt, now);
        return ([overdue, new ServiceEscalated(application.Id, message.Service, service.Plan.Department, to,
                message.DueAt, now)],
            [.. to.Select(unit => DeliverToDepartment.To(DeliverToDepartment.Compose(MessageKinds.ServiceEscalated,
                unit, application.CorrelationId, now, notice)))]);
    }
}
