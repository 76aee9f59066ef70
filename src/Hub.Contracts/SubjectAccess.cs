namespace OneThing.Contracts;

/// <summary>Who read or received data about a person: the person's identity number in the body, never in a URL.
/// </summary>
public sealed record SubjectAccessRequest(string IdNumber);

/// <summary>What the hub's records say about the person's data: each hand-over, oldest first.</summary>
public sealed record SubjectAccessReport(int Count, IReadOnlyList<SubjectAccessEntry> Entries);

/// <summary>
/// One hand-over of the person's data: to which department, what (<see cref="SubjectAccessKinds"/>), the record it
/// concerns (an application, licence or exchange id), on what basis and by which principal.
/// </summary>
public sealed record SubjectAccessEntry(
    DateTimeOffset At,
    string Department,
    string What,
    string Reference,
    string? Basis = null,
    string? By = null
);

public static class SubjectAccessKinds
{
    public const string CaseSubmitted = "case-submitted",
        CaseDispatched = "case-dispatched",
        LicencePulled = "licence-pulled",
        LicenceReceivedAsMaterial = "licence-received-as-material",
        ExchangeQueried = "exchange-queried",
        ExchangeAnswered = "exchange-answered",
        ExchangeDelivered = "exchange-delivered";
}
