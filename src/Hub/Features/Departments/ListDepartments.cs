using Marten;
using OneThing.Contracts;
using Wolverine.Http;

namespace OneThing.Hub.Features.Departments;

public static class ListDepartmentsEndpoint
{
    /// <summary>The registry: every unit the catalog names, the coordinating office, the big data centre and the
    /// districts.</summary>
    [WolverineGet("/api/departments")]
    public static async Task<DepartmentRegistry> Get(IQuerySession session, CancellationToken ct)
    {
        var views = await session.Query<DepartmentView>().OrderBy(x => x.Id).ToListAsync(ct);
        return new DepartmentRegistry(views.Select(v => v.Department).ToList());
    }
}
