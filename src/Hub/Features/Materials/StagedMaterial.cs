using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Materials;

/// <summary>
/// An upload's body, read in chunks into a temporary file while its SHA-256 is computed: never the whole body in
/// memory, and the read stops at the first byte over the limit. The file is needed whole for the content check (an
/// OFD's ZIP directory is at its end) and is then streamed to PostgreSQL. It is readable by this process only and
/// deleted when the request ends (it is registered for disposal with the response).
/// </summary>
public sealed class StagedMaterial : IAsyncDisposable
{
    private const int Chunk = 64 * 1024;

    private StagedMaterial(FileStream file, string sha256, long size)
    {
        File = file;
        Sha256 = sha256;
        Size = size;
    }

    public FileStream File { get; }
    public string Sha256 { get; }
    public long Size { get; }

    /// <summary>The staged body, or the problem that stopped it: empty, over the limit, or cut short.</summary>
    public static async Task<(StagedMaterial? Staged, ProblemDetails? Problem)> ReadAsync(
        HttpContext http,
        long maxBytes)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        // An applicant's document: no other user of the machine may read it while it is staged.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"onething-material-{Guid.NewGuid():N}"), options);
        http.Response.RegisterForDisposeAsync(file);
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var (read, size) = (0, 0L);
            while ((read = await http.Request.Body.ReadAsync(buffer.AsMemory(0, Chunk), http.RequestAborted)) > 0)
            {
                size += read;
                if (size > maxBytes) return (null, TooLarge(maxBytes));
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
            }
            if (size == 0)
                return (null, Problems.Validation("body", "The body is empty: send the material's bytes."));
            await file.FlushAsync(http.RequestAborted);
            file.Position = 0;
            return (new StagedMaterial(file, Convert.ToHexStringLower(hash.GetHashAndReset()), size), null);
        }
        // Kestrel's own limit (set from the route's RawBody) ends the read with a 413 of its own.
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        // Fewer bytes than Content-Length, or the client gone: a client's fault, and nothing was kept.
        catch (Exception e) when (e is BadHttpRequestException or IOException
                                  || (e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            return (null, Problems.Validation("body", "The body ended before its Content-Length: nothing was stored."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static ProblemDetails TooLarge(long maxBytes) => new()
    {
        Type = Problems.TypeFor(StatusCodes.Status413PayloadTooLarge),
        Title = "Request too large",
        Status = StatusCodes.Status413PayloadTooLarge,
        Detail = $"A material is at most {maxBytes} bytes ({maxBytes / (1024 * 1024)} MiB).",
    };

    public ValueTask DisposeAsync() => File.DisposeAsync();
}
