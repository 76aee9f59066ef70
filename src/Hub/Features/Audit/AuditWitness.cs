using System.Text;
using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Audit;

/// <summary>
/// Where the hub publishes every seal, outside the database, as it makes it: whoever rewrites the database cannot
/// rewrite what the witness saw. The default is an append-only file (<see cref="FileAuditWitness"/>); a second
/// database under other hands or a timestamp authority (RFC 3161) fits behind the same interface.
/// </summary>
public interface IAuditWitness
{
    /// <summary>What the witness is, for messages (a path, a URL).</summary>
    string Name { get; }

    Task PublishAsync(WitnessEntry entry, CancellationToken ct);

    /// <summary>The newest entry, or null when the witness has seen nothing yet.</summary>
    Task<WitnessEntry?> LastAsync(CancellationToken ct);

    /// <summary>Every entry, oldest first.</summary>
    Task<IReadOnlyList<WitnessEntry>> ReadAllAsync(CancellationToken ct);
}

/// <summary>
/// One JSON line per seal (HUB_AUDIT_WITNESS), appended and flushed to disk before the seal counts as witnessed. The
/// hub's user appends to it; the database's users (and the database's backups) never reach it. Operators may ship
/// it on (a WORM bucket, syslog, another machine): the file is what docs/AUDIT.md's offline check reads.
/// </summary>
public sealed class FileAuditWitness(string path) : IAuditWitness
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long Length, DateTime Written, WitnessEntry? Last) _tail = (-1, default, null);

    public string Name => path;

    public static FileAuditWitness Open(string? path) =>
        string.IsNullOrWhiteSpace(path)
            ? throw new HubConfigurationException(
                "Set HUB_AUDIT_WITNESS to the path of the audit witness file (an append-only file outside the "
                + "database; ./hub.sh run keeps one under .hub/). See docs/AUDIT.md.")
            : new FileAuditWitness(Path.GetFullPath(path));

    public async Task PublishAsync(WitnessEntry entry, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            var line = JsonSerializer.Serialize(entry, HubJson.Options) + "\n";
            // A line cut short by a crash is closed first, so that the new line stands on its own.
            if (new FileInfo(path) is { Exists: true, Length: > 0 } && !await EndsWithNewline())
                line = "\n" + line;
            await using (var file = new FileStream(path, options))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
                file.Flush(flushToDisk: true);
            }
            _tail = (-1, default, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> EndsWithNewline()
    {
        await using var file = File.OpenRead(path);
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }

    public async Task<WitnessEntry?> LastAsync(CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            return null;
        // The sealer asks every second: the tail is read again only when the file changed.
        if (_tail.Length == info.Length && _tail.Written == info.LastWriteTimeUtc)
            return _tail.Last;
        await using var file = File.OpenRead(path);
        file.Seek(Math.Max(0, file.Length - 16384), SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        WitnessEntry? last = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Reverse())
            if (Parse(line) is { } entry)
            {
                last = entry;
                break;
            }
        _tail = (info.Length, info.LastWriteTimeUtc, last);
        return last;
    }

    public async Task<IReadOnlyList<WitnessEntry>> ReadAllAsync(CancellationToken ct)
    {
        if (!File.Exists(path))
            return [];
        var entries = new List<WitnessEntry>();
        await foreach (var line in File.ReadLinesAsync(path, ct))
            if (Parse(line) is { } entry)
                entries.Add(entry);
        return entries;
    }

    /// <summary>A line cut short by a crash reads as nothing (its seal is published again from the database).
    /// </summary>
    public static WitnessEntry? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return null;
        try
        {
            return JsonSerializer.Deserialize<WitnessEntry>(line, HubJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
