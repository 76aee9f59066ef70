using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Licences;

/// <summary>A read of the licence by a department, with the legal basis it was allowed on.</summary>
public sealed record LicencePulled(
    string LicenceId,
    string Department,
    string Basis,
    string PulledBy,
    DateTimeOffset PulledAt);

/// <summary>A read that was refused; on the stream <c>refusals/{department}</c>, so an attempt leaves a trace even
/// for a licence that does not exist.</summary>
public sealed record LicencePullRefused(
    string Department,
    string? LicenceId,
    string? Type,
    string Reason,
    string AttemptedBy,
    DateTimeOffset AttemptedAt);

/// <summary>
/// Where reads are recorded. A pull is the legal record of who received a copy, kept per licence
/// (<c>licence-reads/{licenceId}</c>): one stream answers "who holds a copy of this licence", and pulls never touch
/// the licence's own stream, whose version only amendments and revocations move. Pulls made before this stream
/// existed stay on the licence streams; <see cref="LicenceRecipientsProjection"/> counts both.
/// </summary>
public static class LicenceReads
{
    public static string StreamKey(string licenceId) => $"licence-reads/{licenceId}";

    public static string RefusalsOf(string department) => $"refusals/{department}";

    /// <summary>
    /// The legal basis a department has to read a licence, or null. It issued it; or it serves an open case of the
    /// holder now (a service dispatched to it and not yet done) whose guide lists the licence's type; or it received
    /// this licence as a material for a service it still serves; or it is the front office of an open case of the
    /// holder whose services list the type. Every basis but the issuer's ends with the case, and having pulled the
    /// licence once is no basis at all.
    /// </summary>
    public static string? Basis(
        LicenceView licence,
        string department,
        LicenceRecipients? recipients,
        IReadOnlyList<OpenCase> openCases)
    {
        if (licence.Issuer == department) return "issuer";
        var receivedIn = recipients?.ReceivedIn?.GetValueOrDefault(department);
        var holder = licence.Document.Holder.IdNumber;
        foreach (var c in openCases)
        {
            if (c.Serving.TryGetValue(department, out var types))
            {
                if (receivedIn?.Contains(c.ApplicationId) == true) return $"received-as-material:{c.ApplicationId}";
                if (c.Applicant == holder && types.Contains(licence.Type)) return $"application:{c.ApplicationId}";
            }
            if (c.FrontOffice == department && c.Applicant == holder && c.Listed.Contains(licence.Type))
                return $"front-office:{c.ApplicationId}";
        }
        return null;
    }

    /// <summary>The applications in which the department received the licences as materials: their cases may still
    /// be open although they are not the holder's.</summary>
    public static IReadOnlyCollection<string> ReceivedIn(IEnumerable<LicenceRecipients?> recipients,
        string department) =>
        recipients.SelectMany(r => r?.ReceivedIn?.GetValueOrDefault(department) ?? []).Distinct().ToList();
}

/// <summary>
/// Reads recorded as events. Appended without an expected version, and on purpose: no decision is ever taken from
/// these streams, so two departments reading at once must both be recorded, never one of them refused as a race.
/// </summary>
public sealed record RecordReads(IReadOnlyList<(string Stream, object Event)> Appends) : IMartenOp
{
    public void Execute(IDocumentSession session)
    {
        // By hand: nothing is decided from the read streams, and concurrent reads must all be recorded.
        foreach (var (stream, e) in Appends) session.Events.Append(stream, e);
    }
}
