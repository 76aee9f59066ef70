using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Materials;

public static class DownloadMaterialEndpoint
{
    public sealed record Loaded(MaterialView? Material, MaterialAttachments? Attachments);

    public static async Task<Loaded> LoadAsync(string id, IQuerySession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var material = batch.Load<MaterialView>(MaterialView.StreamKey(id));
        var attachments = batch.Load<MaterialAttachments>(id);
        await batch.Execute(ct);
        return new Loaded(await material, await attachments);
    }

    /// <summary>
    /// The legal basis a department has to download a material, or null: it uploaded it, or the hub attached it to
    /// a work item of that department (which it does only under a material code that the service's guide lists).
    /// </summary>
    public static string? Basis(MaterialView material, MaterialAttachments? attachments, string department) =>
        material.FrontOffice == department ? "uploader"
        : attachments?.For(department) is { } a ? $"application:{a.ApplicationId}/service:{a.Service}/{a.Code}"
        : null;

    // An unknown id is a 404 and a refused one a 403, unlike a licence (whose id a department may learn from a
    // holder): a material id is a GUID v7 with 74 random bits that only its uploader and the hub's work items carry,
    // so the difference tells a caller nothing it could not have guessed.
    public static ProblemDetails Validate(string id, Loaded loaded, ClaimsPrincipal user)
    {
        if (loaded.Material is not { } material) return Problems.NotFound($"No material {id}.");
        return Basis(material, loaded.Attachments, user.Department()!) is null
            ? Problems.Forbidden("Only the front office that uploaded a material, and the departments whose work " +
                "items it is attached to, download it.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The material's bytes as uploaded, with its media type and its SHA-256 as the ETag; every download
    /// is recorded, on a stream of its own.</summary>
    [WolverineGet("/api/materials/{id}"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType(typeof(Stream), 200, "application/pdf", "application/ofd", "image/jpeg", "image/png")]
    [ProducesResponseType<ProblemDetails>(403)]
    [ProducesResponseType<ProblemDetails>(404)]
    public static (IResult, RecordMaterialDownload) Get(
        string id,
        Loaded loaded,
        ClaimsPrincipal user,
        TimeProvider clock,
        IDocumentStore store)
    {
        var material = loaded.Material!;
        var department = user.Department()!;
        var downloaded = new MaterialDownloaded(material.Id, department,
            Basis(material, loaded.Attachments, department)!, user.Id(), clock.GetUtcNow());
        return (new MaterialContentResult(material, store), new RecordMaterialDownload(downloaded));
    }
}

/// <summary>
/// A download recorded without an expected version: nothing is decided from the read stream, and two departments
/// downloading at once must both be recorded, neither refused as a race.
/// </summary>
public sealed record RecordMaterialDownload(MaterialDownloaded Downloaded) : IMartenOp
{
    public void Execute(IDocumentSession session)
    {
        // By hand: a read record, on its own stream; concurrent downloads must all be appended.
        session.Events.Append(MaterialView.ReadsKey(Downloaded.MaterialId), Downloaded);
    }
}

/// <summary>Writes the content from PostgreSQL to the response as it arrives; a client that already holds it (its
/// If-None-Match names the hash) gets a 304.</summary>
public sealed class MaterialContentResult(MaterialView material, IDocumentStore store) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var etag = new EntityTagHeaderValue($"\"{material.Sha256}\"");
        var response = http.Response;
        response.Headers.ETag = etag.ToString();
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = material.MediaType;
        response.ContentLength = material.Size;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(material.Name);
        response.Headers.ContentDisposition = disposition.ToString();
        await MaterialContents.CopyTo(store, material.Sha256, response.Body, http.RequestAborted);
    }
}
