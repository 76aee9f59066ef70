using System.Security.Cryptography;
using System.Text;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Materials;

/// <summary>一套材料: a front office uploads an applicant's material once; the hub checks what the file is by its
/// content and keeps each content once, whatever it was declared as and however often it is sent.</summary>
public sealed class uploading_a_material(HubFixture hub)
{
    public static TheoryData<string, string> Kinds => new()
    {
        { "pdf", MaterialMediaTypes.Pdf },
        { "ofd", MaterialMediaTypes.Ofd },
        { "jpeg", MaterialMediaTypes.Jpeg },
        { "png", MaterialMediaTypes.Png },
    };

    private static byte[] File(string kind) => kind switch
    {
        "pdf" => MaterialFiles.Pdf(),
        "ofd" => MaterialFiles.Ofd(),
        "jpeg" => MaterialFiles.Jpeg(),
        _ => MaterialFiles.Png(),
    };

    [Theory, MemberData(nameof(Kinds))]
    public async Task each_kind_is_accepted_as_what_its_content_is(string kind, string mediaType)
    {
        var file = File(kind);
        var declared = await hub.Uploaded(file, mediaType);
        // Declaring nothing in particular is as good: the content says what it is.
        var undeclared = await hub.Uploaded(File(kind), MaterialMediaTypes.Unspecified,
            hub.Department("district-heping"));

        Assert.Equal((mediaType, (long)file.Length, "身份证复印件"), (declared.MediaType, declared.Size, declared.Name));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), declared.Sha256);
        Assert.Equal($"/api/materials/{declared.MaterialId}", declared.Location);
        Assert.Equal(7, Guid.Parse(declared.MaterialId).Version);
        Assert.Equal(mediaType, undeclared.MediaType);
    }

    [Fact]
    public async Task the_same_content_twice_is_two_materials_over_one_stored_content()
    {
        var file = MaterialFiles.Pdf();
        var before = await hub.Stored();

        var first = await hub.Uploaded(file, MaterialMediaTypes.Pdf);
        var second = await hub.Uploaded(file, MaterialMediaTypes.Pdf, hub.Department("district-hexi"));

        Assert.NotEqual(first.MaterialId, second.MaterialId);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(1, await hub.ContentRows(first.Sha256));
        Assert.Equal((before.Rows + 1, before.Events + 2, before.Documents + 2), await hub.Stored());
    }

    [Fact]
    public async Task an_upload_sent_again_under_its_idempotency_key_is_answered_again_and_stored_once()
    {
        var file = MaterialFiles.Ofd();
        var key = Guid.NewGuid().ToString();
        var before = await hub.Stored();
        Task<Alba.IScenarioResult> Send() => hub.Host.Scenario(s =>
        {
            s.Post.ByteArray(file).ToUrl("/api/materials");
            s.ConfigureHttpContext(c =>
            {
                c.Request.QueryString = Microsoft.AspNetCore.Http.QueryString.Create("name", "营业执照");
                c.Request.ContentType = MaterialMediaTypes.Ofd;
            });
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(MaterialFiles.Window)}");
            s.WithRequestHeader(Idempotency.Header, key);
            s.StatusCodeShouldBe(201);
        });

        var first = (await Send()).Read<MaterialReceipt>();
        var again = (await Send()).Read<MaterialReceipt>();

        Assert.Equal(first, again);
        Assert.Equal((before.Rows + 1, before.Events + 1, before.Documents + 1), await hub.Stored());
    }

    public static TheoryData<string, string, byte[]> BadFiles => new()
    {
        { "a text file called a PDF", MaterialMediaTypes.Pdf, Encoding.UTF8.GetBytes("身份证号 120101199001010021") },
        { "an EXE called a PDF", MaterialMediaTypes.Pdf, [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0] },
        { "a PDF without its trailer", MaterialMediaTypes.Pdf, MaterialFiles.Pdf()[..^7] },
        { "a PNG cut short", MaterialMediaTypes.Png, MaterialFiles.Png()[..^12] },
        { "a JPEG without its end", MaterialMediaTypes.Jpeg, MaterialFiles.Jpeg()[..^2] },
        { "a ZIP without OFD.xml", MaterialMediaTypes.Ofd, MaterialFiles.Ofd(entry: "Document.xml") },
        { "a PDF declared a PNG", MaterialMediaTypes.Png, MaterialFiles.Pdf() },
        { "a PNG declared as text", "text/plain", MaterialFiles.Png() },
        { "a PDF declared as JSON", "application/json", MaterialFiles.Pdf() },
        { "a JPEG with a type that is none", "jpeg", MaterialFiles.Jpeg() },
        { "nothing", MaterialMediaTypes.Pdf, [] },
    };

    [Theory, MemberData(nameof(BadFiles))]
    public async Task a_bad_file_is_refused_and_nothing_is_stored(string what, string contentType, byte[] file)
    {
        var before = await hub.Stored();

        var problem = (await hub.Upload(file, contentType, hub.Department(MaterialFiles.Window), 400)).Problem();

        Assert.True(problem.Type == Problems.ValidationType, what);
        Assert.Equal(before, await hub.Stored());
    }

    [Fact]
    public async Task a_file_over_10_mib_is_refused_with_413_and_nothing_is_stored()
    {
        var before = await hub.Stored();
        var pdf = MaterialFiles.Pdf();
        // A real PDF, padded in a comment to one byte over the limit.
        var file = new byte[MaterialMediaTypes.MaxBytes + 1];
        Array.Fill(file, (byte)' ');
        pdf.AsSpan(0, 9).CopyTo(file);
        pdf.AsSpan(9).CopyTo(file.AsSpan(file.Length - (pdf.Length - 9)));

        var problem = (await hub.Upload(file, MaterialMediaTypes.Pdf, hub.Department(MaterialFiles.Window), 413))
            .Problem();

        Assert.Equal(413, problem.Status);
        Assert.Equal(before, await hub.Stored());
        // Exactly at the limit is a material.
        await hub.Uploaded(file[..^1], MaterialMediaTypes.Pdf);
    }

    [Fact]
    public async Task a_display_name_is_required()
    {
        var before = await hub.Stored();
        foreach (var name in new[] { "", "  ", new string('名', 201), "bell\u0007", "line\nbreak" })
            Assert.Contains("name", (await hub.Upload(MaterialFiles.Png(), MaterialMediaTypes.Png,
                hub.Department(MaterialFiles.Window), 400, name)).Problem().Errors.Keys);
        Assert.Equal(before, await hub.Stored());
    }

    [Theory]
    [InlineData("public-security")]
    [InlineData("big-data-centre")]
    public async Task only_a_front_office_uploads(string department)
    {
        var before = await hub.Stored();
        await hub.Upload(MaterialFiles.Pdf(), MaterialMediaTypes.Pdf, hub.Department(department), 403);
        await hub.Upload(MaterialFiles.Pdf(), MaterialMediaTypes.Pdf, hub.Keys.Coordinator, 403);
        await hub.Upload(MaterialFiles.Pdf(), MaterialMediaTypes.Pdf, key: null, 401);
        Assert.Equal(before, await hub.Stored());
    }
}
