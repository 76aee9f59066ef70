using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Materials;

/// <summary>What an upload is decided on once its body is staged: its hash, its size, and what the content is.
/// </summary>
public sealed record UploadedContent(string Sha256, long Size, string? Recognised);

public static class UploadMaterialEndpoint
{
    public const int MaxNameLength = 200;

    public static Task<DepartmentView?> LoadAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<DepartmentView>(DepartmentView.StreamKey(user.Department()!), ct);

    // Before a byte of the body is read: who uploads, under which name.
    public static ProblemDetails Validate(DepartmentView? frontOffice, string? name)
    {
        if (!frontOffice.IsFrontOffice())
            return Problems.Forbidden(
                "Materials come from a front office: 市政务服务办 or a district's government service office.");
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
            return Problems.Validation("name",
                $"Give the material's display name in ?name=, 1 to {MaxNameLength} characters, no control characters.");
        return WolverineContinue.NoProblems;
    }

    /// <summary>
    /// 一套材料: one material of an applicant, the file's bytes as the body (Content-Type its media type, or
    /// application/octet-stream), its display name in <c>?name=</c>. Read in chunks, checked by its content, stored
    /// once per SHA-256.
    /// </summary>
    [WolverinePost("/api/materials"), Authorize(Roles = Roles.Department), RawBody(MaterialMediaTypes.MaxBytes)]
    [ProducesResponseType<MaterialReceipt>(201), ProducesResponseType<ProblemDetails>(400)]
    [ProducesResponseType<ProblemDetails>(403), ProducesResponseType<ProblemDetails>(413)]
    public static async Task<(IResult, IEnumerable<IMartenOp>)> PostAsync(
        string name,
        [NotBody] DepartmentView frontOffice, // from LoadAsync: the body is the file, never JSON
        HttpContext http,
        IQuerySession session,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var (staged, problem) = await StagedMaterial.ReadAsync(http, MaterialMediaTypes.MaxBytes);
        if (staged is null) return (Results.Problem(problem!), []);

        var content = new UploadedContent(staged.Sha256, staged.Size, MaterialFormats.Recognise(staged.File));
        var (result, uploaded) = Decide(content, http.Request.ContentType, name, frontOffice.Department.Code,
            user.Id(), Guid.CreateVersion7().ToString(), clock.GetUtcNow());
        if (uploaded is null) return (result, []);

        // A content already stored is not sent again (contents are never deleted); a race between two uploads of it is
        // settled by the insert.
        var stored = await MaterialContents.Exists(session, uploaded.Sha256, http.RequestAborted);
        IMartenOp start = MartenOps.StartStream<MaterialView>(MaterialView.StreamKey(uploaded.MaterialId), uploaded);
        return (result, stored
            ? [start]
            : [start, new StoreMaterialContent(uploaded.Sha256, uploaded.MediaType, uploaded.Size, staged.File)]);
    }

    /// <summary>The upload as a pure decision: refused for what its content is, or its event and the answer.</summary>
    public static (IResult, MaterialUploaded?) Decide(
        UploadedContent content,
        string? declared,
        string name,
        string frontOffice,
        string by,
        string id,
        DateTimeOffset now)
    {
        if (content.Recognised is not { } mediaType)
            return (Results.Problem(Problems.Validation("body",
                "Not a PDF, OFD, JPEG or PNG by its content (or cut short): a material is one of those.")), null);
        if (DeclaredProblem(declared, mediaType) is { } wrong) return (Results.Problem(wrong), null);

        var uploaded = new MaterialUploaded(id, content.Sha256, mediaType, content.Size, name, frontOffice, by, now);
        var receipt = new MaterialReceipt(id, MaterialView.Location(id), content.Sha256, mediaType, content.Size,
            name, now);
        return (Results.Created(receipt.Location, receipt), uploaded);
    }

    // The declared type must say what the content is, or nothing at all (application/octet-stream, or no header).
    private static ProblemDetails? DeclaredProblem(string? declared, string recognised)
    {
        if (string.IsNullOrEmpty(declared)) return null;
        if (!MediaTypeHeaderValue.TryParse(declared, out var type))
            return Problems.Validation("Content-Type", $"'{declared}' is not a media type.");
        var media = type.MediaType.Value ?? "";
        return media.Equals(MaterialMediaTypes.Unspecified, StringComparison.OrdinalIgnoreCase)
            || media.Equals(recognised, StringComparison.OrdinalIgnoreCase)
                ? null
                : Problems.Validation("Content-Type", $"Declared {media}, but the content is {recognised}.");
    }
}
