using System.Diagnostics;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>The machine's own tools (pg_ctl, ip, nft, rabbitmqctl), run to the end; a failure says what was run and
/// what the tool said.</summary>
public static class Commands
{
    public static async Task<string> Run(string file, IEnumerable<string> args, string? input = null,
        bool check = true)
    {
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', start.ArgumentList)} (exit {process.ExitCode}): {await stderr}");
        return await stdout;
    }

    public static Task<string> Run(string file, params string[] args) => Run(file, args, null);
}
