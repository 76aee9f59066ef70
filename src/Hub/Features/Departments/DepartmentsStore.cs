using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Departments;

public static class DepartmentsStore
{
    /// <summary>The registry read model, inline so that a registered unit is listed at once.</summary>
    public static StoreOptions AddDepartments(this StoreOptions opts)
    {
        opts.Projections.Add<DepartmentProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
