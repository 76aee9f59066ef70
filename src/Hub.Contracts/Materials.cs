namespace OneThing.Contracts;

/// <summary>
/// 一套材料: the answer (201 Created) to <c>POST /api/materials</c>, one material of an applicant uploaded once by a
/// front office. <see cref="MaterialId"/> goes into a submission's <c>materials</c>; the hub then attaches it to every
/// work item whose service lists that material.
/// </summary>
public sealed record MaterialReceipt(
    string MaterialId,
    string Location,
    string Sha256,
    string MediaType,
    long Size,
    string Name,
    DateTimeOffset UploadedAt
);

/// <summary>The kinds of file a material may be, each recognised by its content, not by what the upload
/// declares.</summary>
public static class MaterialMediaTypes
{
    public const string Pdf = "application/pdf";
    public const string Ofd = "application/ofd"; // GB/T 33190, China's fixed-layout document format
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    /// <summary>Declares nothing: the content alone says what the file is.</summary>
    public const string Unspecified = "application/octet-stream";

    public static readonly IReadOnlyList<string> All = [Pdf, Ofd, Jpeg, Png];

    /// <summary>At most 10 MiB a material.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;
}
