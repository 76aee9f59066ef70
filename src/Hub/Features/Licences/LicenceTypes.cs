using System.Text.Json;
using System.Text.Json.Nodes;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Licences;

/// <summary>The e-licence types of seeds/licence-types.json: who may issue each, and the metadata it carries.</summary>
public sealed class LicenceTypes
{
    public sealed record LicenceType(
        string Code,
        string Name,
        string TypeCode,
        IReadOnlyList<string> Issuers,
        string HolderKind,
        string HolderIdType,
        int? ValidityYears,
        IReadOnlyList<LicenceField> Fields);

    public sealed record LicenceField(string Code, string Label, string Type, bool Personal, string? Sensitive = null);

    private sealed record Seed(IReadOnlyList<LicenceType> LicenceTypes);

    /// <summary>Metadata every licence has as members of its document; type-specific fields go in
    /// <c>fields</c>.</summary>
    public static readonly IReadOnlySet<string> Common = new HashSet<string>
        { "licence-number", "holder-name", "holder-id", "holder-id-type", "issuing-authority", "issue-date",
            "valid-until", "valid-from" };

    private readonly Dictionary<string, LicenceType> _types;

    public LicenceTypes(IEnumerable<LicenceType> types) => _types = types.ToDictionary(t => t.Code);

    public static LicenceTypes Load(string file)
    {
        var node = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        node.Remove("$schema");
        return new LicenceTypes(node.Deserialize<Seed>(HubJson.Options)!.LicenceTypes);
    }

    public LicenceType? Find(string code) => _types.GetValueOrDefault(code);
    public IEnumerable<LicenceType> All => _types.Values;
}

public static class LicenceTypeEndpoints
{
    /// <summary>The e-licence types, with their issuers and the fields their documents carry.</summary>
    [Wolverine.Http.WolverineGet("/api/licence-types")]
    public static OneThing.Contracts.LicenceTypeList Get(LicenceTypes types) => new(types.All.OrderBy(t => t.Code)
        .Select(t => new OneThing.Contracts.LicenceTypeInfo(t.Code, t.Name, t.TypeCode, t.Issuers, t.HolderKind,
            t.HolderIdType,
            t.Fields.Where(f => !LicenceTypes.Common.Contains(f.Code))
                .Select(f => new OneThing.Contracts.LicenceTypeField(f.Code, f.Label, f.Type, f.Personal,
                    f.Sensitive)).ToList(),
            t.ValidityYears)).ToList());
}
