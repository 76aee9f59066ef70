using System.IO.Compression;
using OneThing.Contracts;
using OneThing.Hub.Features.Materials;

namespace OneThing.Hub.Tests.Materials;

/// <summary>The content checks alone, as pure functions over a file's bytes.</summary>
public sealed class what_a_file_is
{
    private static string? Recognise(byte[] bytes) => MaterialFormats.Recognise(new MemoryStream(bytes));

    [Fact]
    public void each_kind_is_recognised_by_its_content()
    {
        Assert.Equal(MaterialMediaTypes.Pdf, Recognise(MaterialFiles.Pdf()));
        Assert.Equal(MaterialMediaTypes.Ofd, Recognise(MaterialFiles.Ofd()));
        Assert.Equal(MaterialMediaTypes.Jpeg, Recognise(MaterialFiles.Jpeg()));
        Assert.Equal(MaterialMediaTypes.Png, Recognise(MaterialFiles.Png()));
        // Readers allow whitespace after a PDF's %%EOF.
        Assert.Equal(MaterialMediaTypes.Pdf, Recognise([.. MaterialFiles.Pdf(), .. "\r\n  \n"u8]));
    }

    [Fact]
    public void a_file_cut_short_or_of_another_kind_is_none()
    {
        var png = MaterialFiles.Png();
        Assert.Null(Recognise([]));
        Assert.Null(Recognise("%PDF-"u8.ToArray()));
        Assert.Null(Recognise(MaterialFiles.Pdf()[..^20]));
        Assert.Null(Recognise([.. MaterialFiles.Pdf(), .. "garbage"u8]));
        Assert.Null(Recognise(MaterialFiles.Jpeg()[..^1]));
        Assert.Null(Recognise([0xFF, 0xD8, 0xFF, 0xD9]));
        Assert.Null(Recognise(png[..^1]));
        Assert.Null(Recognise([.. png, 0]));
        Assert.Null(Recognise(png[..20]));
        // IHDR must come first: the signature followed at once by the end is no image.
        Assert.Null(Recognise([.. png[..8], .. png[^12..]]));
        Assert.Null(Recognise(MaterialFiles.Ofd()[..^10]));
        Assert.Null(Recognise(MaterialFiles.Ofd(entry: "Doc/OFD.xml")));
        Assert.Null(Recognise("MZ\u0090\0"u8.ToArray()));
    }

    [Fact]
    public void an_ofd_is_recognised_without_inflating_anything()
    {
        // A ZIP bomb of an OFD: its directory is all that is read.
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var ofd = zip.CreateEntry("OFD.xml").Open()) ofd.Write("<ofd:OFD/>"u8);
            using var zeros = zip.CreateEntry("Doc_0/zeros", CompressionLevel.Optimal).Open();
            var block = new byte[1 << 20];
            for (var i = 0; i < 64; i++) zeros.Write(block);
        }
        Assert.True(buffer.Length < 1 << 20);
        Assert.Equal(MaterialMediaTypes.Ofd, Recognise(buffer.ToArray()));
    }
}
