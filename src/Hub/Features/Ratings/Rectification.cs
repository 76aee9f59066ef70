using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Ratings;

public enum RectificationStage { Open, Appealed, Replied, Closed, Annulled }

/// <summary>
/// What decisions on a rectification need: who was rated, who passed the rating on, where it stands, its deadline
/// and whether it has been appealed (once only). Display data (texts, dates) lives in <see cref="RectificationView"/>.
/// It keeps the correlation id of the case whose rating opened it.
/// </summary>
public sealed record Rectification(
    string Id,
    string ApplicationId,
    string Service,
    string Department,
    string FrontOffice,
    RectificationStage Stage,
    DateTimeOffset DueAt,
    string CorrelationId,
    bool Overdue = false,
    bool Appealed = false,
    double? DaysLeftWhenAppealed = null) : ICorrelatedCase
{
    public static Rectification Create(RectificationOpened e, string correlationId) =>
        new(e.Id, e.ApplicationId, e.Service, e.Department, e.FrontOffice, RectificationStage.Open, e.DueAt,
            correlationId);

    /// <summary>The stage as the parties read it (<see cref="RectificationStates"/>).</summary>
    public string State => Stage switch
    {
        RectificationStage.Open => RectificationStates.Open,
        RectificationStage.Appealed => RectificationStates.Appealed,
        RectificationStage.Replied => RectificationStates.Replied,
        RectificationStage.Closed => RectificationStates.Closed,
        _ => RectificationStates.Annulled,
    };

    public Rectification Evolve(object e) => e switch
    {
        RectificationOverdue => this with { Overdue = true },
        RectificationReplied => this with { Stage = RectificationStage.Replied, Overdue = false },
        RectificationAppealed x => this with
        {
            Stage = RectificationStage.Appealed, Appealed = true, DaysLeftWhenAppealed = x.WorkingDaysLeft,
        },
        RectificationAppealDecided { Upheld: true } => this with
        {
            Stage = RectificationStage.Annulled, Overdue = false,
        },
        RectificationAppealDecided x => this with
        {
            Stage = RectificationStage.Open, DueAt = x.DueAt ?? DueAt, DaysLeftWhenAppealed = null,
        },
        RectificationFollowedUp => this with { Stage = RectificationStage.Closed },
        // An event not evolved here would leave the next decision on stale state.
        _ => throw new InvalidOperationException($"Rectification.Evolve does not know {e.GetType().Name}."),
    };
}

/// <summary>Marten folds a rectification's stream into its decision state on every write (live, never stored).
/// </summary>
public sealed class RectificationDecisions : SingleStreamProjection<Rectification, string>
{
    public override Rectification? Evolve(Rectification? snapshot, string id, IEvent e) => e.Data switch
    {
        RectificationOpened opened => Rectification.Create(opened, e.CorrelationId ?? ""),
        _ => snapshot?.Evolve(e.Data),
    };
}
