using System.Security.Cryptography;
using System.Text;
using Marten;

namespace OneThing.Hub.Features.Seeds;

/// <summary>Which seed files (and the schemas they were checked against) the database was last seeded from.</summary>
public sealed class SeedMark
{
    public const string Key = "seeds";
    public string Id { get; set; } = Key;
    public string Digest { get; set; } = "";
    /// <summary>The streams the seeds start: all must still be there for a start to skip them.</summary>
    public List<string> Streams { get; set; } = [];
    public DateTimeOffset LoadedAt { get; set; }

    public static string DigestOf(string seedsFolder, string schemasFolder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The build too: a release that seeds differently (new rules, new kinds of seed) checks the same files again.
        hash.AppendData(typeof(SeedMark).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        var files = Directory.EnumerateFiles(seedsFolder, "*.json")
            .Concat(Directory.EnumerateFiles(schemasFolder, "*.json"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Encoding.UTF8.GetBytes(Path.GetFileName(file));
            var content = File.ReadAllBytes(file);
            // Lengths first: no two file sets hash alike by running together.
            hash.AppendData(BitConverter.GetBytes(name.Length));
            hash.AppendData(name);
            hash.AppendData(BitConverter.GetBytes(content.Length));
            hash.AppendData(content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

public static class SeedsStore
{
    public static StoreOptions AddSeeds(this StoreOptions opts)
    {
        opts.Schema.For<SeedMark>();
        return opts;
    }
}
