using Alba;
using OneThing.Contracts;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Ratings;

/// <summary>好差评 played through the public API: a front office, the rated department and the coordinating office.
/// </summary>
public static class RatingScenarios
{
    /// <summary>The newborn's birth certificate (市卫生健康委, <c>health</c>) alone, completed.</summary>
    public const string Service = "birth-medical-certificate";
    public const string Rated = "health";

    public static ServiceOutcome Done(string name = "办结") => new(Outcomes.Completed, name);

    public static async Task<string> FinishedService(this HubFixture hub)
    {
        var id = (await hub.Apply("newborn", Person(), [Service])).ApplicationId;
        await hub.Outcome(id, Service, Rated, Done("出生医学证明"));
        return id;
    }

    public static Task<IScenarioResult> Rate(this HubFixture hub, string id, string level, int status = 201,
        string service = Service, string? key = null, string? comment = null) =>
        hub.Host.Post($"/api/applications/{id}/services/{service}/rating", new RateService(level, comment),
            key ?? hub.Department(Window), status);

    /// <summary>A finished service rated badly: the one rectification it opened.</summary>
    public static async Task<RectificationStatus> BadRating(this HubFixture hub, string level = "不满意")
    {
        var id = await hub.FinishedService();
        var rating = (await hub.Rate(id, level, comment: "窗口说明不清楚")).Read<ServiceRating>();
        return await hub.Rectification(Assert.Single(rating.Rectifications));
    }

    public static async Task<RectificationStatus> Rectification(this HubFixture hub, string id, string? key = null) =>
        (await hub.Host.Get($"/api/rectifications/{id}", key ?? hub.Department(Rated))).Read<RectificationStatus>();

    public static Task<IScenarioResult> Act<T>(this HubFixture hub, string id, string what, T body, string key,
        int status = 202) where T : class =>
        hub.Host.Post($"/api/rectifications/{id}/{what}", body, key, status);

    /// <summary>Every page of <paramref name="query"/>, with the page size given.</summary>
    public static async Task<List<RectificationStatus>> All(this HubFixture hub, string key, string query = "",
        int limit = 50)
    {
        var all = new List<RectificationStatus>();
        string? after = null;
        do
        {
            var url = $"/api/rectifications?limit={limit}{query}" + (after is null ? "" : $"&after={after}");
            var page = (await hub.Host.Get(url, key)).Read<Page<RectificationStatus>>();
            all.AddRange(page.Items);
            after = page.Next;
        } while (after is not null);
        return all;
    }

    /// <summary>The rectification messages on a department's channel about one rectification.</summary>
    /// <summary>The rectification notices for <paramref name="id"/> taken from a department's inbox. With
    /// <paramref name="kind"/>, it keeps taking until one of that kind has come: an earlier notice of the same case
    /// may still be waiting, and the inbox answers as soon as anything for the case is there.</summary>
    public static async Task<List<RectificationNotice>> Notices(this HubFixture hub, string department, string id,
        string? kind = null)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        var taken = new List<RectificationNotice>();
        do
        {
            taken.AddRange((await hub.Inbox(department, id)).Where(m => m.Kind.StartsWith("rectification-"))
                .Select(m => m.Payload<RectificationNotice>()));
        } while (kind is not null && taken.All(n => n.Event != kind) && DateTime.UtcNow < until);
        return taken;
    }
}
