using OneThing.Hub.Infrastructure;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Applications;

public static class ServiceDeadlineHandler
{
    /// <summary>
    /// The committed time limit of a service has come. Overdue only when the service is still open, its clock is
    /// running and this deadline was not moved since (a supplement pause schedules a new one). The events join the
    /// case's correlation through <see cref="CaseCorrelation"/>, whatever correlation the message came with.
    /// </summary>
    public static Events Handle(
        ServiceDeadlineReached message,
        [WriteAggregate] Application application,
        TimeProvider clock) =>
        Decide(message, application, clock.GetUtcNow());

    public static Events Decide(ServiceDeadlineReached message, Application application, DateTimeOffset now) =>
        application.Service(message.Service) is { Stage: ServiceStage.Dispatched or ServiceStage.Accepted } service
        && service.DueAt == message.DueAt && now >= message.DueAt
            ? [new ServiceOverdue(application.Id, message.Service, service.Plan.Department, message.DueAt, now)]
            : [];
}
