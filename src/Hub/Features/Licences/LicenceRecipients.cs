using Marten.Events.Projections;
using OneThing.Hub.Features.Applications;

namespace OneThing.Hub.Features.Licences;

/// <summary>
/// Everyone who holds a copy of a licence: who received it as an application material (a lasting legal basis to read
/// it) and who pulled it (on whatever basis it had then, which may have ended). A revocation reaches all of them.
/// Keyed by licence id whichever stream the event is on (pulls on <c>licence-reads/{id}</c>, and on the licence's
/// own stream where main once wrote them; dispatches on the application's).
/// </summary>
public sealed class LicenceRecipients
{
    public string Id { get; set; } = "";
    public SortedSet<string> Received { get; set; } = [];
    public SortedSet<string> Pulled { get; set; } = [];
    /// <summary>Per department, the applications it received the licence in: the basis "received as material" lasts
    /// while it serves that case. Documents projected before it have none (no such basis until rebuilt).</summary>
    public Dictionary<string, SortedSet<string>>? ReceivedIn { get; set; }
    public IEnumerable<string> Holders => Received.Union(Pulled);
}

public sealed class LicenceRecipientsProjection : MultiStreamProjection<LicenceRecipients, string>
{
    public LicenceRecipientsProjection()
    {
        Identity<LicencePulled>(e => e.LicenceId);
        Identities<ServiceDispatched>(e =>
            e.Materials.Select(m => m.Document?.LicenceId).OfType<string>().Distinct().ToList());
    }

    public static void Apply(LicenceRecipients r, LicencePulled e) => r.Pulled.Add(e.Department);
    public static void Apply(LicenceRecipients r, ServiceDispatched e)
    {
        r.Received.Add(e.Department);
        r.ReceivedIn ??= [];
        if (!r.ReceivedIn.TryGetValue(e.Department, out var cases)) r.ReceivedIn[e.Department] = cases = [];
        cases.Add(e.ApplicationId);
    }
}
