using Marten;

namespace OneThing.Hub.Features.Materials;

/// <summary>
/// The materials a submission names (<c>SubmitApplication.Materials</c>: material code → material id), checked for the
/// submission: <see cref="LoadAsync"/> in its Load step, <see cref="Check"/> in its Validate step.
/// </summary>
public static class SubmittedMaterials
{
    /// <summary>The uploaded materials among the ids named, by id; an id that is no material is simply absent.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, MaterialView>> LoadAsync(
        IQuerySession session,
        IReadOnlyDictionary<string, string>? materials,
        CancellationToken ct)
    {
        var ids = materials?.Values.Distinct(StringComparer.Ordinal).Select(MaterialView.StreamKey).ToArray() ?? [];
        if (ids.Length == 0) return new Dictionary<string, MaterialView>();
        var found = await session.LoadManyAsync<MaterialView>(ct, ids);
        return found.ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// Problems keyed <c>materials.{code}</c> (none: the materials may be attached): a material that does not exist,
    /// one that another front office uploaded (it is not this applicant's to give), and a code that none of the chosen
    /// services' guides lists (a department receives only what its own service asks for).
    /// </summary>
    /// <param name="frontOffice">The submitting front office's department code.</param>
    /// <param name="materials">The submission's material code → material id.</param>
    /// <param name="listed">The material codes the chosen services' guides list.</param>
    /// <param name="found">What <see cref="LoadAsync"/> found.</param>
    public static IReadOnlyDictionary<string, string[]> Check(
        string frontOffice,
        IReadOnlyDictionary<string, string>? materials,
        IReadOnlySet<string> listed,
        IReadOnlyDictionary<string, MaterialView> found)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (code, id) in materials ?? new Dictionary<string, string>())
        {
            var problem = !listed.Contains(code)
                ? $"No chosen service lists the material '{code}'."
                : !found.TryGetValue(id, out var material)
                    ? $"No material {id}: upload it first (POST /api/materials)."
                    : material.FrontOffice != frontOffice
                        ? $"Material {id} was uploaded by another front office."
                        : null;
            if (problem is not null) errors[$"materials.{code}"] = [problem];
        }
        return errors;
    }
}
