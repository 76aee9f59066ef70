using Marten;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Departments;

/// <summary>The registry's answers that other features need, asked in one place.</summary>
public static class DepartmentQueries
{
    /// <summary>The coordinating office (市政务服务办): the form-filling grants' consumer, the supervisor of every
    /// One Thing, the window of last resort. Null only on a registry without one.</summary>
    public static Task<string?> CoordinatingOffice(IQuerySession session, CancellationToken ct) =>
        session.Query<DepartmentView>().Where(d => d.Department.Kind == DepartmentKinds.CoordinatingOffice)
            .Select(d => d.Department.Code).FirstOrDefaultAsync(ct);

    /// <summary>A front office: the coordinating office's window or a district's government service office.</summary>
    public static bool IsFrontOffice(this DepartmentView? d) =>
        d?.Department.Kind is DepartmentKinds.CoordinatingOffice or DepartmentKinds.DistrictOffice;
}
