using Marten;
using Microsoft.Extensions.Caching.Memory;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Sharing;

namespace OneThing.Hub.Features.Audit;

/// <summary>How a declared field is masked: its value identifies a person (an ID number, a phone), and it may be of
/// a sensitive category of PIPL article 28.</summary>
public sealed record Declared(bool Identifies, string? Sensitive);

/// <summary>
/// The personal and sensitive fields as the catalog's form fields, the licence types and the data resources declare
/// them, by code. Form fields and licence fields go by their kebab-case codes, which nothing else of the hub uses; of
/// a resource's lowerCamelCase codes only compound ones count (<c>spouseResidentId</c>, not <c>name</c>), since one
/// word would also match the hub's own members (a department's name).
/// </summary>
public sealed class PersonalDeclarations(IDocumentStore store, LicenceTypes licences, IMemoryCache cache)
{
    private static readonly HashSet<string> IdentifyingTypes = ["resident-id", "phone"];

    /// <summary>Reread within a minute of a new catalog edition or resource.</summary>
    public async Task<IReadOnlyDictionary<string, Declared>> Current(CancellationToken ct) =>
        (await cache.GetOrCreateAsync("audit:personal-declarations", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            await using var session = store.QuerySession();
            var editions = await session.Query<CatalogEditionView>().ToListAsync(ct);
            var resources = await session.Query<ResourceView>().ToListAsync(ct);
            return From(
                editions.SelectMany(e => e.Catalog.OneThings).SelectMany(t => t.Services)
                    .SelectMany(s => s.Guide?.FormFields ?? []),
                licences.All.SelectMany(t => t.Fields)
                    .Select(f => new LicenceTypeField(f.Code, f.Label, f.Type, f.Personal, f.Sensitive)),
                resources.SelectMany(r => r.Resource.Fields));
        }))!;

    public static IReadOnlyDictionary<string, Declared> From(
        IEnumerable<FormField> form,
        IEnumerable<LicenceTypeField> licence,
        IEnumerable<ResourceField> resource)
    {
        var declared = new Dictionary<string, Declared>(StringComparer.Ordinal);
        void Add(string code, bool personal, string type, string? sensitive)
        {
            if (!personal && sensitive is null) return;
            var identifies = IdentifyingTypes.Contains(type);
            declared[code] = declared.TryGetValue(code, out var known)
                ? new Declared(known.Identifies || identifies, known.Sensitive ?? sensitive)
                : new Declared(identifies, sensitive);
        }
        foreach (var f in form)
            Add(f.Code, f.Personal ?? (f.Type is "resident-id" or "phone" or "address"), f.Type, f.Sensitive);
        foreach (var f in licence) Add(f.Code, f.Personal, f.Type, f.Sensitive);
        foreach (var f in resource.Where(f => f.Code.Any(char.IsUpper)))
            Add(f.Code, f.Personal, f.Code.EndsWith("Id") || f.Code.EndsWith("Number") ? "resident-id" : f.Type,
                f.Sensitive);
        return declared;
    }
}
