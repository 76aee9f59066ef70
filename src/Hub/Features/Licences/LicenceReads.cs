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
    /// The legal basis a department has to read a licence, or null: it issued it, it received it as a material, or
    /// it serves an open application of the holder now. Having pulled it once is no basis: that one may have ended.
    /// </summary>
    public static string? Basis(
        LicenceView licence,
        string department,
        LicenceRecipients? recipients,
        IReadOnlyList<ApplicationView> openApplications)
    {
        if (licence.Issuer == department) return "issuer";
        if (recipients?.Received.Contains(department) == true) return "received-as-material";
        foreach (var app in openApplications)
        {
            if (app.Services.Any(s => s.Plan.Department == department && s.State != ServiceStates.Waiting))
                return $"application:{app.Id}";
            if (app.FrontOffice == department) return $"front-office:{app.Id}";
        }
        return null;
    }
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
