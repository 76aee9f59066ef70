using System.Buffers.Binary;
using System.IO.Compression;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Materials;

/// <summary>
/// What a file is, by its content alone: the declared type and the name prove nothing, and a department must be able
/// to open what it downloads. Each check looks at both ends of the file (or, for OFD, its ZIP directory), so a file cut
/// short in transit is refused as well as one of another kind.
/// </summary>
public static class MaterialFormats
{
    private static readonly byte[] PdfHeader = "%PDF-"u8.ToArray();
    private static readonly byte[] PdfTrailer = "%%EOF"u8.ToArray();
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipLocalHeader = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>The media type the content is, or null when it is none of PDF, OFD, JPEG and PNG.</summary>
    /// <param name="file">A seekable stream over the whole file; its position is left anywhere.</param>
    public static string? Recognise(Stream file)
    {
        var head = Read(file, 0, 16);
        if (head.AsSpan().StartsWith(PdfHeader)) return IsPdf(file) ? MaterialMediaTypes.Pdf : null;
        if (head.AsSpan().StartsWith(PngSignature)) return IsPng(file) ? MaterialMediaTypes.Png : null;
        if (head.AsSpan().StartsWith(ZipLocalHeader)) return IsOfd(file) ? MaterialMediaTypes.Ofd : null;
        if (head is [0xFF, 0xD8, 0xFF, ..]) return IsJpeg(file) ? MaterialMediaTypes.Jpeg : null;
        return null;
    }

    // ISO 32000: "%PDF-" first, and the last line "%%EOF" (readers allow whitespace after it).
    private static bool IsPdf(Stream file)
    {
        var tail = Read(file, Math.Max(0, file.Length - 1024), 1024).AsSpan();
        tail = tail.TrimEnd(" \t\r\n\f\0"u8);
        return file.Length >= PdfHeader.Length + PdfTrailer.Length && tail.EndsWith(PdfTrailer);
    }

    // JPEG: start of image (FF D8, then a marker's FF) and end of image (FF D9) as the last two bytes.
    private static bool IsJpeg(Stream file) =>
        file.Length >= 5 && Read(file, file.Length - 2, 2) is [0xFF, 0xD9];

    // PNG: the signature, then chunks (length, type, data, CRC) end to end, IHDR the first and IEND the last, ending
    // exactly where the file does.
    private static bool IsPng(Stream file)
    {
        long at = PngSignature.Length;
        for (var first = true; ; first = false)
        {
            var header = Read(file, at, 8);
            if (header.Length < 8) return false;
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header.AsSpan(4, 4);
            if (length > int.MaxValue || !IsChunkType(type)) return false;
            if (first && (!type.SequenceEqual("IHDR"u8) || length != 13)) return false;
            var next = at + 12 + length;
            if (next > file.Length) return false;
            if (type.SequenceEqual("IEND"u8)) return length == 0 && next == file.Length;
            at = next;
        }
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
            if (b is not (>= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z')) return false;
        return true;
    }

    // GB/T 33190: an OFD is a ZIP package whose entry file OFD.xml sits at its root. Only the ZIP's central directory
    // is read, nothing is inflated, so a ZIP bomb costs nothing here.
    private static bool IsOfd(Stream file)
    {
        try
        {
            file.Position = 0;
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            return zip.Entries.Any(e => e.FullName == "OFD.xml");
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static byte[] Read(Stream file, long offset, int count)
    {
        file.Position = offset;
        var buffer = new byte[(int)Math.Min(count, Math.Max(0, file.Length - offset))];
        file.ReadExactly(buffer);
        return buffer;
    }
}
