namespace OneThing.Hub.Features.Sharing;

/// <summary>The one deadline message of earlier releases; each kind is now a message of its own.</summary>
public sealed record SharingDeadline(string Subject, string Kind, DateTimeOffset DueAt);

public static class SharingDeadlineHandler
{
    /// <summary>
    /// Envelopes of this type, scheduled by earlier releases, still sit in the durable store until they are due:
    /// each becomes the typed deadline of its kind, handled (and decided) there.
    /// </summary>
    public static object[] Handle(SharingDeadline deadline) => deadline.Kind switch
    {
        "share-request" => [new ShareRequestDue(deadline.Subject, deadline.DueAt)],
        "quality-report" => [new QualityAnswerDue(deadline.Subject, deadline.DueAt)],
        "dispute" => [new DisputeRulingDue(deadline.Subject, deadline.DueAt)],
        "exchange" => [new ExchangeAnswerDue(deadline.Subject, deadline.DueAt)],
        _ => [],
    };
}
