using Wolverine.Marten;

using OneThing.Contracts;

namespace OneThing.Hub.Features.Applications;

public static class ServiceDeadlineHandler
{
    /// <summary>
    /// The committed time limit of a service has come. Overdue only when the service is still open, its clock is
    /// running and this deadline was not moved since (a supplement pause schedules a new one).
    /// </summary>
    public static Events Handle(ServiceDeadlineReached message, [WriteAggregate] Application application, Marten.IDocumentSession session,
        TimeProvider clock)
    {
        if (application.CorrelationId is { Length: > 0 } correlation) session.CorrelationId = correlation;   // the case's, always
        var now = clock.GetUtcNow();
        var events = new Events();
        if (application.Services.TryGetValue(message.Service, out var service)
            && service.State is ServiceStates.Dispatched or ServiceStates.Accepted
            && service.DueAt == message.DueAt && now >= message.DueAt)
            events.Add(new ServiceOverdue(application.Id, message.Service, service.Plan.Department, message.DueAt, now));
        return events;
    }
}
