using System.IO.Compression;
using System.Text;
using Alba;
using Microsoft.AspNetCore.Http;
using Marten;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Materials;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Materials;

/// <summary>Small valid files of each kind a material may be, each with a mark of its own so that no two tests share
/// a content by accident; and the upload as a front office makes it.</summary>
public static class MaterialFiles
{
    public const string Window = "government-services";

    public static byte[] Pdf(string mark = "") => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n" +
        $"% {Mark(mark)}\n" +
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
        "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
        "trailer\n<< /Root 1 0 R >>\n%%EOF\n");

    // A 1×1 PNG: signature, IHDR, IDAT, IEND; a tEXt chunk carries the mark.
    public static byte[] Png(string mark = "")
    {
        var png = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        var text = Encoding.ASCII.GetBytes($"Comment\0{Mark(mark)}");
        var chunk = new byte[12 + text.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)text.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        text.CopyTo(chunk, 8);
        // The CRC goes unchecked by the hub; a reader that checks it would skip an ancillary chunk.
        return [.. png[..33], .. chunk, .. png[33..]];
    }

    // SOI, an APP0 (JFIF) segment, a COM segment with the mark, EOI.
    public static byte[] Jpeg(string mark = "")
    {
        var comment = Encoding.ASCII.GetBytes(Mark(mark));
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        byte[] com = [0xFF, 0xFE, (byte)((comment.Length + 2) >> 8), (byte)(comment.Length + 2), .. comment];
        return [0xFF, 0xD8, .. app0, .. com, 0xFF, 0xD9];
    }

    // GB/T 33190: a ZIP whose root holds OFD.xml, pointing at the document.
    public static byte[] Ofd(string mark = "", string entry = "OFD.xml")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, entry, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" "
                + $"Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>{Mark(mark)}</ofd:DocID>"
                + "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>");
            Write(zip, "Doc_0/Document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Document "
                + "xmlns:ofd=\"http://www.ofdspec.org/2016\"/>");
        }
        return buffer.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private static string Mark(string mark) => mark.Length > 0 ? mark : Guid.NewGuid().ToString("N");

    public static Task<IScenarioResult> Upload(
        this HubFixture hub,
        byte[] content,
        string? contentType,
        string? key,
        int status,
        string name = "身份证复印件")
    {
        return hub.Host.Scenario(s =>
        {
            s.Post.ByteArray(content).ToUrl("/api/materials");
            // Alba would keep a query given in the URL of a body's request as part of the path.
            s.ConfigureHttpContext(c =>
            {
                c.Request.QueryString = QueryString.Create("name", name);
                c.Request.ContentType = contentType;
            });
            if (key is not null) s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });
    }

    public static async Task<MaterialReceipt> Uploaded(this HubFixture hub, byte[] content, string contentType,
        string? key = null) =>
        (await hub.Upload(content, contentType, key ?? hub.Department(Window), 201)).Read<MaterialReceipt>();

    /// <summary>What uploads have stored: content rows, upload events and material documents.</summary>
    public static async Task<(long Rows, long Events, long Documents)> Stored(this HubFixture hub)
    {
        await using var session = hub.Store.QuerySession();
        var events = await session.Events.QueryRawEventDataOnly<MaterialUploaded>().LongCountAsync();
        var documents = await session.Query<MaterialView>().LongCountAsync();
        return (await hub.ContentRows(), events, documents);
    }

    public static async Task<long> ContentRows(this HubFixture hub, string? sha256 = null)
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from hub.material_contents where @sha::text is null or sha256 = @sha", connection);
        command.Parameters.Add(new NpgsqlParameter("sha", NpgsqlTypes.NpgsqlDbType.Text)
        {
            Value = (object?)sha256 ?? DBNull.Value,
        });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
