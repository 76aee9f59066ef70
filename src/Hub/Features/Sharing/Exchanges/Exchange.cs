using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

// Stream {exchange id}: one query routed to a provider under a grant, and its answer. The hand-over to the consumer
// is recorded on a stream of its own (exchange-pickups/{exchange id}), so that reading never writes this one.

public sealed record ExchangeRequested(
    string Id,
    string ShareRequest,
    string Resource,
    string Provider,
    string Consumer,
    string Purpose,
    IReadOnlyList<string> QueryFields,
    string QueryDigest,
    IReadOnlyList<string> Fields,
    DateTimeOffset AnswerBy,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? QueryDigestAlgorithm = null)
{
    /// <summary>How <see cref="QueryDigest"/> is made now: an HMAC under a key the hub derives from its secret.
    /// Events stored without <see cref="QueryDigestAlgorithm"/> keep the plain SHA-256 they were written
    /// with.</summary>
    public const string KeyedDigest = "HMAC-SHA256";
}

/// <summary>What audit keeps of an answer: its digest, size, fields and timing, never the records themselves.</summary>
public sealed record ExchangeAnswered(
    string Id,
    string Resource,
    string Provider,
    int Records,
    int Bytes,
    string Digest,
    IReadOnlyList<string> FieldsReturned,
    IReadOnlyList<string> FieldsRemoved,
    double Milliseconds,
    int SlaSeconds,
    string AnsweredBy,
    DateTimeOffset AnsweredAt);

/// <summary>A provider's answer that broke the resource's schema: a quality event. <see cref="Errors"/> are the
/// provider's to read (they name fields it was not asked for and may quote values); the consumer learns only how many
/// records were invalid (<see cref="ConsumerProblem"/>). Events stored before the counts have none.</summary>
public sealed record ExchangeAnswerInvalid(
    string Id,
    string Resource,
    string Provider,
    IReadOnlyList<string> Errors,
    string AnsweredBy,
    DateTimeOffset AnsweredAt,
    int? InvalidRecords = null,
    int? Records = null)
{
    public string ConsumerProblem()
    {
        // Older events: the errors start "records[i]", so the invalid records are counted from them.
        var invalid = InvalidRecords ?? Errors.Select(e => e.Split(']')[0]).Distinct().Count();
        return Records is { } all
            ? $"The provider's answer broke the resource's schema: {invalid} of {all} records invalid."
            : $"The provider's answer broke the resource's schema: {invalid} records invalid.";
    }
}

public sealed record ExchangeTimedOut(string Id, string Resource, string Provider, DateTimeOffset AnswerBy,
    DateTimeOffset NoticedAt);

/// <summary>The records reached the consumer. On exchange-pickups/{Id}; streams written before that kept it on the
/// exchange's own stream.</summary>
public sealed record ExchangeDelivered(string Id, string Consumer, bool Synchronous, DateTimeOffset DeliveredAt);

public enum ExchangeState { Routed, Answered, Invalid, TimedOut, Delivered }

/// <summary>What the provider's reply, the time-out and a quality report decide on.</summary>
public sealed record Exchange(
    string Id,
    string ShareRequest,
    string Resource,
    string Provider,
    string Consumer,
    IReadOnlyList<string> Fields,
    DateTimeOffset RequestedAt,
    ExchangeState State = ExchangeState.Routed)
{
    public static string PickupStreamKey(string id) => $"exchange-pickups/{id}";

    public static Exchange Create(ExchangeRequested e) =>
        new(e.Id, e.ShareRequest, e.Resource, e.Provider, e.Consumer, e.Fields, e.RequestedAt);

    public Exchange Apply(ExchangeAnswered e) => this with { State = ExchangeState.Answered };
    public Exchange Apply(ExchangeAnswerInvalid e) => this with { State = ExchangeState.Invalid };
    public Exchange Apply(ExchangeTimedOut e) => this with { State = ExchangeState.TimedOut };
    public Exchange Apply(ExchangeDelivered e) => this with { State = ExchangeState.Delivered };

    public string StateName => State switch
    {
        ExchangeState.Routed => ExchangeStates.Routed,
        ExchangeState.Answered => ExchangeStates.Answered,
        ExchangeState.Invalid => ExchangeStates.Invalid,
        ExchangeState.TimedOut => ExchangeStates.TimedOut,
        _ => ExchangeStates.Delivered,
    };
}
