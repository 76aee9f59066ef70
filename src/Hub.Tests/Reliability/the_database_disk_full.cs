using System.Text.Json;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// The database's disk fills under load (a throwaway cluster on a small tmpfs, filled by a file beside it): the hub
/// answers 503 with problem details, never 500; nothing is half-done; once the file is gone it goes on by itself.
/// </summary>
public sealed class the_database_disk_full(ITestOutputHelper output)
{
    [Fact]
    public async Task the_hub_answers_503_keeps_nothing_half_done_and_recovers_when_space_returns()
    {
        await using var disk = await Tmpfs.Mount(megabytes: 400);
        // Small WAL: segments are recycled within the disk (as they would be on a real one that fills).
        await using var postgres = await ThrowawayPostgres.Start(disk.Path,
            "min_wal_size = 32MB\nmax_wal_size = 64MB\nshared_buffers = 32MB");
        await using var rig = await Rig.Start(await Processes.Database("onething_fault_full", postgres.Server));
        var load = new Load(rig);
        var running = load.Run(workers: 8, duration: TimeSpan.FromSeconds(30));

        await Task.Delay(TimeSpan.FromSeconds(6));
        var filled = await disk.FillFor(TimeSpan.FromSeconds(12));
        var afterFull = DateTime.UtcNow;
        await running;
        output.WriteLine($"filled {filled / (1 << 20)} MiB; answers: "
            + JsonSerializer.Serialize(load.ServerErrors));
        foreach (var (status, sample) in load.ServerErrorSamples)
            output.WriteLine($"{status}: {sample[..Math.Min(400, sample.Length)]}");

        Assert.True(load.ServerErrors.GetValueOrDefault(503) > 0, "the full disk was answered with 503");
        Assert.Contains("application/problem+json", load.ServerErrorSamples[503]);
        Assert.Contains("/problems/503", load.ServerErrorSamples[503]);
        Assert.Equal([503], load.ServerErrors.Keys.Order());
        var ledger = await Ledger.Settle(
            nameof(the_database_disk_full),
            rig,
            load,
            faults: 1,
            within: TimeSpan.FromSeconds(120)
        );
        ledger.AssertNothingLostNothingTwice(output, load.Surprises);
        // The projections went on too: none is left behind the events.
        await LiveHub.Eventually(() => rig.Scalar("""
            select count(*) from hub.mt_event_progression p where p.name not like 'HighWater%'
              and p.last_seq_id < (select last_seq_id from hub.mt_event_progression where name = 'HighWaterMark')
            """), behind => behind == 0, TimeSpan.FromSeconds(60), "the async projections caught up");
        var accepted = await rig.Scalar("select count(*) from hub.mt_events where timestamp > @t",
            ("t", afterFull));
        Assert.True(accepted > 0, "work was accepted once the space was back");
    }

    /// <summary>A tmpfs of its own (we run as root, as hub.sh test does), with files that take all its
    /// room.</summary>
    private sealed class Tmpfs : IAsyncDisposable
    {
        public string Path { get; } = System.IO.Path.Combine("/var/tmp", $"onething-disk-{Guid.NewGuid():N}");

        public static async Task<Tmpfs> Mount(int megabytes)
        {
            if (Environment.UserName != "root")
                throw new InvalidOperationException("Mounting a tmpfs needs root (./hub.sh test runs as root here)");
            var disk = new Tmpfs();
            Directory.CreateDirectory(disk.Path);
            await ThrowawayPostgres.Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=755", "tmpfs",
                disk.Path);
            return disk;
        }

        /// <summary>Keeps the disk full for a while (the database frees WAL as it checkpoints: that room is taken
        /// again), then gives all of it back. Returns the bytes it took at most.</summary>
        /// <remarks>Files are written until the disk refuses, not allocated to the size the disk reported free: under
        /// load the database writes between the two, and an allocation one page too big takes nothing at all.</remarks>
        public async Task<long> FillFor(TimeSpan duration)
        {
            var until = DateTime.UtcNow + duration;
            var (files, taken) = (0, 0L);
            while (DateTime.UtcNow < until)
            {
                taken += TakeWhatIsLeft(System.IO.Path.Combine(Path, $"filler-{files++}"));
                await Task.Delay(250);
            }
            foreach (var filler in Directory.GetFiles(Path, "filler-*"))
                File.Delete(filler);
            return taken;
        }

        /// <summary>Writes big chunks, then ever smaller ones, until even a page does not fit.</summary>
        private static long TakeWhatIsLeft(string file)
        {
            var written = 0L;
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                bufferSize: 0);
            for (var chunk = 4 << 20; chunk >= 4096; chunk /= 4)
            {
                var bytes = new byte[chunk];
                try
                {
                    while (true)
                    {
                        stream.Write(bytes);
                        written += chunk;
                    }
                }
                catch (IOException)
                {
                    // No room for this size: a smaller one may still fit.
                }
            }
            return written;
        }

        public async ValueTask DisposeAsync()
        {
            await ThrowawayPostgres.Run("umount", "-l", Path);
            Directory.Delete(Path);
        }
    }
}
