using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Infrastructure;
using Weasel.Postgresql.Tables;

namespace OneThing.Hub.Features.Applications;

public static class ApplicationStore
{
    /// <summary>
    /// The decision state folds live on every write; the view is inline, so a front office reads its own writes,
    /// and it is found by the applicant's identity number (a licence's basis looks for open applications). The list
    /// (ListApplications) has an index per filter ending in its order, and a GIN index for the units with a part.
    /// </summary>
    public static StoreOptions AddApplications(this StoreOptions opts)
    {
        opts.Projections.Add<ApplicationDecisions>(ProjectionLifecycle.Live);
        opts.Projections.Add<ApplicationViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<ApplicationView>().Index(x => x.Applicant.IdNumber)
            .Listed("listed", x => x.SubmittedAt, x => x.Id)
            .Listed("front_office_listed", x => x.FrontOffice, x => x.SubmittedAt, x => x.Id)
            .Listed("one_thing_listed", x => x.OneThing, x => x.SubmittedAt, x => x.Id)
            .Listed("state_listed", x => x.State, x => x.SubmittedAt, x => x.Id)
            .Index(x => x.Departments, index => index.Method = IndexMethod.gin);
        return opts;
    }
}
