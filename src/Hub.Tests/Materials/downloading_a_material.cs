using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Materials;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Materials;

/// <summary>A material goes back to the front office that uploaded it, and to a department only once the hub has
/// attached it to that department's work item; everyone else is refused.</summary>
public sealed class downloading_a_material(HubFixture hub)
{
    private Task<Alba.IScenarioResult> Download(string id, string department, int status = 200) =>
        hub.Host.Get($"/api/materials/{id}", hub.Department(department), status);

    private static byte[] Bytes(Microsoft.AspNetCore.Http.HttpResponse response)
    {
        using var bytes = new MemoryStream();
        response.Body.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>Attaches the material to a work item of <paramref name="department"/> as the hub's dispatch does: a
    /// ServiceDispatched on an application's stream, the material under a code of the service.</summary>
    private async Task<string> Attach(string materialId, string department, string code = "birth-certificate")
    {
        var application = (await hub.Apply("newborn", Person())).ApplicationId;
        var now = DateTimeOffset.UtcNow;
        await using var session = hub.Store.LightweightSession();
        session.Events.Append(application, new ServiceDispatched(application, "household-registration", department,
            Guid.NewGuid(), [new CaseMaterial(code, "出生医学证明", "upload", MaterialId: materialId)], now.AddDays(5),
            now));
        await session.SaveChangesAsync();
        return application;
    }

    [Fact]
    public async Task the_front_office_that_uploaded_it_gets_the_bytes_back_with_their_hash_as_etag()
    {
        var file = MaterialFiles.Jpeg();
        var receipt = await hub.Uploaded(file, MaterialMediaTypes.Jpeg);

        var response = (await Download(receipt.MaterialId, MaterialFiles.Window)).Context.Response;

        Assert.Equal(file, Bytes(response));
        Assert.Equal(MaterialMediaTypes.Jpeg, response.ContentType);
        Assert.Equal($"\"{receipt.Sha256}\"", response.Headers.ETag.ToString());
        Assert.Contains("attachment", response.Headers.ContentDisposition.ToString());
    }

    [Fact]
    public async Task a_client_that_holds_the_content_already_gets_a_304()
    {
        var receipt = await hub.Uploaded(MaterialFiles.Png(), MaterialMediaTypes.Png);

        var result = await hub.Host.Scenario(s =>
        {
            s.Get.Url($"/api/materials/{receipt.MaterialId}");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(MaterialFiles.Window)}");
            s.WithRequestHeader("If-None-Match", $"\"{receipt.Sha256}\"");
            s.StatusCodeShouldBe(304);
        });

        Assert.Empty(Bytes(result.Context.Response));
    }

    [Fact]
    public async Task a_department_gets_it_once_attached_to_its_work_item_and_the_download_is_recorded()
    {
        var file = MaterialFiles.Pdf();
        var receipt = await hub.Uploaded(file, MaterialMediaTypes.Pdf);
        await Download(receipt.MaterialId, "public-security", 403);

        var application = await Attach(receipt.MaterialId, "public-security");
        var response = (await Download(receipt.MaterialId, "public-security")).Context.Response;

        Assert.Equal(file, Bytes(response));
        await using var session = hub.Store.QuerySession();
        var attachments = await session.LoadAsync<MaterialAttachments>(receipt.MaterialId);
        Assert.Equal([new MaterialAttachment("public-security", application, "household-registration",
            "birth-certificate")], attachments!.Attachments);
        var reads = await session.Events.FetchStreamAsync(MaterialView.ReadsKey(receipt.MaterialId));
        var read = Assert.Single(reads.Select(e => e.Data).OfType<MaterialDownloaded>());
        Assert.Equal(("public-security", $"application:{application}/service:household-registration/birth-certificate"),
            (read.Department, read.Basis));
        // A read never touches the material's own stream.
        Assert.Equal(1, (await session.Events.FetchStreamStateAsync(receipt.MaterialId))!.Version);
    }

    [Fact]
    public async Task any_other_department_is_refused_and_an_unknown_id_is_not_found()
    {
        var receipt = await hub.Uploaded(MaterialFiles.Ofd(), MaterialMediaTypes.Ofd);
        await Attach(receipt.MaterialId, "public-security");
        var other = await hub.Uploaded(MaterialFiles.Pdf(), MaterialMediaTypes.Pdf);
        await Attach(other.MaterialId, "civil-affairs");

        // Neither another front office, nor a department that holds another material of the same applicant.
        await Download(receipt.MaterialId, "district-heping", 403);
        await Download(receipt.MaterialId, "civil-affairs", 403);
        await hub.Host.Get($"/api/materials/{receipt.MaterialId}", hub.Keys.Coordinator, 403);
        await hub.Host.Get($"/api/materials/{receipt.MaterialId}", key: null, 401);
        await Download(Guid.CreateVersion7().ToString(), MaterialFiles.Window, 404);
        await Download("not-a-material", MaterialFiles.Window, 404);
    }
}
