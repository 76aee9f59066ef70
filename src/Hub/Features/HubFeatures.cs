using Marten;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Calendar;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Drafts;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Materials;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Features.Ratings;
using OneThing.Hub.Features.Seeds;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features;

/// <summary>
/// The event store as the hub runs it: the base of <see cref="HubStore"/>, then every feature's own projections and
/// documents. One place, so that a store built elsewhere (a test reading events of an older release) is the same.
/// </summary>
public static class HubFeatures
{
    public static void ConfigureStore(StoreOptions opts, HubOptions hub)
    {
        HubStore.Configure(opts, hub);
        opts.AddAccess().AddDepartments().AddCatalog().AddDelivery().AddSeeds();
        opts.AddApplications().AddLicences().AddSharing();
        opts.AddMaterials().AddDrafts().AddCalendar().AddRatings();
        // Last: the figures read the events every other feature declares.
        opts.AddMetrics();
    }

    /// <summary>
    /// What each feature folder is for: the OpenAPI document's tag descriptions (an endpoint is tagged with its
    /// feature). A new folder with endpoints adds its line here; a test fails while one is missing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["Access"] = "API keys and enrolments of department systems: issue, list, rotate, revoke, redeem.",
        ["Applications"] = "一件事一次办 applications: one form, the outcome of every service, supplements, ratings.",
        ["Audit"] = "The audit trail: events by filter, stream histories, export, verification, proofs, erasure, "
            + "subject access.",
        ["Calendar"] = "The working-day arrangement of each year (holidays and make-up working days).",
        ["Catalog"] = "The catalog of One Things, edition by edition.",
        ["Dashboard"] = "The big data centre's dashboard figures.",
        ["Delivery"] = "How work reaches a department system: webhook or inbox, dead letters and their replay.",
        ["Departments"] = "The registry of departments, districts and front offices.",
        ["Drafts"] = "Proactive drafts (免申即享) the hub prepares from events, submitted or declined by a front office.",
        ["Guides"] = "The combined service guide of a One Thing: conditions, materials, the one form, ordering.",
        ["Licences"] = "E-licences: push, pull, search, verify, revoke; signing keys and subscriptions.",
        ["Materials"] = "An applicant's materials, uploaded once and downloaded by the departments that need them.",
        ["Metrics"] = "Timeliness, quality and availability per department, resource and One Thing; yearly targets; "
            + "SLAs and their breaches.",
        ["Ratings"] = "好差评 per service, attributed to the responsible unit; rectifications of bad ratings, their "
            + "replies, follow-ups and appeals.",
        ["Sharing"] = "Data sharing: resources, share requests and grants, exchanges, quality reports, disputes.",
    };
}
