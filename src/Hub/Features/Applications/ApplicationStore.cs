using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Applications;

public static class ApplicationStore
{
    /// <summary>
    /// The decision state folds live on every write; the view is inline, so a front office reads its own writes,
    /// and it is found by the applicant's identity number (a licence's basis looks for open applications).
    /// </summary>
    public static StoreOptions AddApplications(this StoreOptions opts)
    {
        opts.Projections.Add<ApplicationDecisions>(ProjectionLifecycle.Live);
        opts.Projections.Add<ApplicationViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<ApplicationView>().Index(x => x.Applicant.IdNumber);
        return opts;
    }
}
