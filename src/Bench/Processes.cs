using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace OneThing.Bench;

/// <summary>
/// The hub and the simulator as the real processes a deployment runs (Release build, `dotnet exec`, loopback ports),
/// the way the end-to-end tests start them: nothing in-process, so the figures include Kestrel and the sockets.
/// </summary>
public sealed class Processes(string root, string configuration)
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Process Start(string project, IDictionary<string, string> environment, string logFile)
    {
        // BENCH_HUB_EXE: the hub as published for production (./hub.sh bench passes its self-contained ReadyToRun
        // build).
        var published = project == "Hub" ? Environment.GetEnvironmentVariable("BENCH_HUB_EXE") : null;
        var dll = Path.Combine(root, "src", project, "bin", configuration, "net10.0", $"{project}.dll");
        var program = published is { Length: > 0 } ? published : dll;
        if (!File.Exists(program))
            throw new FileNotFoundException(
                program == dll ? $"Build first ({configuration}): {dll}" : $"BENCH_HUB_EXE names no file: {program}"
            );
        var start = new ProcessStartInfo(program == dll ? "dotnet" : program, program == dll ? ["exec", dll] : [])
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        // The processes' console output goes to a file: read it after a failed run; an undrained pipe would block them.
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (log)
                    log.WriteLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (log)
                    log.WriteLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) =>
        {
            lock (log)
                log.Dispose();
        };
        process.EnableRaisingEvents = true;
        return process;
    }

    /// <summary>Polls until <paramref name="url"/> answers 200 (with the key, when given); the time it took.</summary>
    public static async Task<TimeSpan> WaitFor(
        HttpClient http,
        Uri url,
        Process process,
        string? key = null,
        Stopwatch? since = null
    )
    {
        var clock = since ?? Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{url}: the process exited ({process.ExitCode})");
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (key is not null)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                    return clock.Elapsed;
            }
            catch (HttpRequestException) { }
            await Task.Delay(10); // fine-grained: this is what the cold start figure is read from
        }
        throw new TimeoutException($"{url} did not answer 200 within 90 s");
    }

    public static async Task Stop(Process? process)
    {
        if (process is null || process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Peak resident memory of a process since it started (VmHWM in /proc/pid/status), in MB.</summary>
    public static double PeakRssMb(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null
            ? double.NaN
            : Math.Round(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0, 1);
    }
}
