using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Materials;

// The facts of one uploaded material. Its stream key is the material id (a GUID v7); its content is a row of
// hub.material_contents keyed by the SHA-256 (MaterialContents). The type names are stored with every event: never
// rename them. Size and media type stay on the event: the metrics of materials will count them.

public sealed record MaterialUploaded(
    string MaterialId,
    string Sha256,
    string MediaType,
    long Size,
    string Name,
    string FrontOffice,
    string UploadedBy,
    DateTimeOffset UploadedAt);

/// <summary>A download of a material, on <c>material-reads/{materialId}</c>: who received a copy, on what
/// basis.</summary>
public sealed record MaterialDownloaded(
    string MaterialId,
    string Department,
    string Basis,
    string DownloadedBy,
    DateTimeOffset DownloadedAt);

/// <summary>
/// An uploaded material as the hub decides on it (who may download it, whether a submission may name it) and
/// answers with it. A material never changes once uploaded, so one document serves both; it is inline, so an upload
/// can be submitted or downloaded at once.
/// </summary>
public sealed class MaterialView
{
    public string Id { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string MediaType { get; set; } = "";
    public long Size { get; set; }
    public string Name { get; set; } = "";
    public string FrontOffice { get; set; } = "";
    public string UploadedBy { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }

    public static string StreamKey(string materialId) => materialId;

    public static string ReadsKey(string materialId) => $"material-reads/{materialId}";

    public static string Location(string materialId) => $"/api/materials/{materialId}";

    public MaterialReceipt Receipt() => new(Id, Location(Id), Sha256, MediaType, Size, Name, UploadedAt);
}

public sealed class MaterialProjection : SingleStreamProjection<MaterialView, string>
{
    public static MaterialView Create(IEvent<MaterialUploaded> e) => new()
    {
        Id = e.Data.MaterialId,
        Sha256 = e.Data.Sha256,
        MediaType = e.Data.MediaType,
        Size = e.Data.Size,
        Name = e.Data.Name,
        FrontOffice = e.Data.FrontOffice,
        UploadedBy = e.Data.UploadedBy,
        UploadedAt = e.Data.UploadedAt,
    };
}
