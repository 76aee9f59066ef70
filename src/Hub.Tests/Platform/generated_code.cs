using System.Diagnostics;

namespace OneThing.Hub.Tests.Platform;

/// <summary>
/// The hub runs Wolverine and Marten with TypeLoadMode.Static: an endpoint added without regenerating the code is
/// silently missing. This regenerates it into a scratch folder with the hub's own <c>codegen write</c> and
/// compares it with what is committed under src/Hub/Internal/Generated (fix: ./hub.sh codegen).
/// </summary>
public sealed class generated_code
{
    [Fact]
    public async Task is_not_stale()
    {
        var repo = Repo.Root();
        var committed = Path.Combine(repo, "src", "Hub", "Internal", "Generated");
        var scratch = Directory.CreateTempSubdirectory("onething-codegen-").FullName;
        // The hub's own build output (same configuration as this test run), not the test folder: codegen scans
        // the assemblies beside it and must see only the hub's.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var hubDll = Path.Combine(repo, "src", "Hub", "bin", configuration, "net10.0", "Hub.dll");

        var start = new ProcessStartInfo("dotnet", ["exec", hubDll, "codegen", "write"])
        {
            WorkingDirectory = scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HUB_DATABASE"] =
            Environment.GetEnvironmentVariable("HUB_DATABASE") ?? "Host=127.0.0.1;Database=none";
        start.Environment["HUB_DEV_KEYS_FILE"] = "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await output + await errors);

        var fresh = Path.Combine(scratch, "Internal", "Generated");
        var expected = Files(fresh);
        var actual = Files(committed);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (file, text) in expected)
            Assert.True(text == actual[file], $"{file} is stale: run ./hub.sh codegen");
        Directory.Delete(scratch, recursive: true);
    }

    private static Dictionary<string, string> Files(string folder) =>
        Directory
            .EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => File.ReadAllText(f).ReplaceLineEndings());
}

internal static class Repo
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OneThing.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("OneThing.sln not found above the test binaries");
    }
}
