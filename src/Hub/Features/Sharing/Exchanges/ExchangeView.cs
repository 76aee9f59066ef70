using Marten.Events.Projections;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

/// <summary>An exchange as its parties read it (a read model: decisions use <see cref="Exchange"/>).</summary>
public sealed class ExchangeView
{
    public string Id { get; set; } = "";
    public string ShareRequest { get; set; } = "";
    public string Resource { get; set; } = "";
    public string Provider { get; set; } = "";
    public string Consumer { get; set; } = "";
    public string State { get; set; } = ExchangeStates.Routed;
    public List<string> Fields { get; set; } = [];
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset AnswerBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>What the consumer may read of a failure: for an invalid answer, how many records.</summary>
    public string? Problem { get; set; }
    /// <summary>The provider's own view of its invalid answer: the schema's errors in full.</summary>
    public string? ProviderProblem { get; set; }
}

/// <summary>Keyed by the exchange id in the events rather than by stream: the hand-over is on a stream of its
/// own.</summary>
public sealed class ExchangeProjection : MultiStreamProjection<ExchangeView, string>
{
    public ExchangeProjection()
    {
        Identity<ExchangeRequested>(e => e.Id);
        Identity<ExchangeAnswered>(e => e.Id);
        Identity<ExchangeAnswerInvalid>(e => e.Id);
        Identity<ExchangeTimedOut>(e => e.Id);
        Identity<ExchangeDelivered>(e => e.Id);
    }

    public static ExchangeView Create(ExchangeRequested e) => new()
    {
        Id = e.Id, ShareRequest = e.ShareRequest, Resource = e.Resource, Provider = e.Provider, Consumer = e.Consumer,
        Fields = [.. e.Fields], RequestedAt = e.RequestedAt, AnswerBy = e.AnswerBy,
    };

    public static void Apply(ExchangeAnswered e, ExchangeView v) =>
        (v.State, v.AnsweredAt, v.Fields) = (ExchangeStates.Answered, e.AnsweredAt, [.. e.FieldsReturned]);

    public static void Apply(ExchangeAnswerInvalid e, ExchangeView v) =>
        (v.State, v.AnsweredAt, v.Problem, v.ProviderProblem) = (ExchangeStates.Invalid, e.AnsweredAt,
            e.ConsumerProblem(), "The answer broke the resource's schema: " + string.Join("; ", e.Errors));

    public static void Apply(ExchangeTimedOut e, ExchangeView v) =>
        (v.State, v.Problem) = (ExchangeStates.TimedOut, $"No answer by {e.AnswerBy:u}.");

    public static void Apply(ExchangeDelivered e, ExchangeView v) => v.State = ExchangeStates.Delivered;
}

/// <summary>An answer waiting for its consumer; deleted when handed over. Only place the records are kept.</summary>
public sealed class ExchangePickup
{
    public string Id { get; set; } = "";
    public List<System.Text.Json.JsonElement> Records { get; set; } = [];
}
