using JasperFx.Events;
using Marten.Events.Aggregation;

namespace OneThing.Hub.Features.Licences.Subscriptions;

/// <summary>On the stream <c>licence-subscriptions/{department}</c>: the whole list, replacing the one
/// before.</summary>
public sealed record LicenceSubscriptionChanged(
    string Department,
    IReadOnlyList<string> Types,
    string ChangedBy,
    DateTimeOffset ChangedAt);

/// <summary>Who hears of a type's licences: queried by type when a licence is issued, amended or revoked.</summary>
public sealed class LicenceSubscriptionView
{
    public string Id { get; set; } = "";
    public string Department { get; set; } = "";
    public List<string> Types { get; set; } = [];
    public static string StreamKey(string department) => $"licence-subscriptions/{department}";
}

public sealed class LicenceSubscriptionProjection : SingleStreamProjection<LicenceSubscriptionView, string>
{
    public static LicenceSubscriptionView Create(IEvent<LicenceSubscriptionChanged> e) =>
        Apply(e, new LicenceSubscriptionView { Id = e.StreamKey! });

    public static LicenceSubscriptionView Apply(IEvent<LicenceSubscriptionChanged> e, LicenceSubscriptionView v)
    {
        (v.Department, v.Types) = (e.Data.Department, [.. e.Data.Types]);
        return v;
    }
}
