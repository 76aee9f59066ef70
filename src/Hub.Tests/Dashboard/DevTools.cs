using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneThing.Hub.Tests.Dashboard;

/// <summary>
/// Debian's headless chromium driven over the Chrome DevTools Protocol (a WebSocket on loopback), for what a dump of
/// the page cannot do: click, choose, and download a file as a person would. Nothing to install beyond chromium.
/// </summary>
public sealed class DevTools : IAsyncDisposable
{
    private readonly Process _chromium;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private int _next;
    private string? _page;
    private Task? _reading;

    private DevTools(Process chromium, string profile) => (_chromium, _profile) = (chromium, profile);

    /// <summary>Starts chromium with one blank page; files it downloads go to <paramref name="downloads"/>.</summary>
    public static async Task<DevTools> Start(string downloads)
    {
        var profile = Directory.CreateTempSubdirectory("onething-devtools-").FullName;
        string[] flags =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}",
            "--window-size=1440,1000", "about:blank",
        ];
        var start = new ProcessStartInfo("chromium", flags)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var chromium = Process.Start(start)!;
        _ = chromium.StandardOutput.ReadToEndAsync();
        _ = chromium.StandardError.ReadToEndAsync();
        var tools = new DevTools(chromium, profile);
        // Chromium writes the port it chose, and the browser's endpoint, into the profile.
        var port = Path.Combine(profile, "DevToolsActivePort");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(port) || File.ReadAllLines(port).Length < 2)
        {
            if (chromium.HasExited || DateTime.UtcNow > until)
                throw new Xunit.Sdk.XunitException("chromium did not open its DevTools port");
            await Task.Delay(100);
        }
        var lines = File.ReadAllLines(port);
        await tools._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}"), CancellationToken.None);
        tools._reading = tools.Read();

        await tools.Send("Browser.setDownloadBehavior", new { behavior = "allow", downloadPath = downloads },
            page: false);
        var targets = await tools.Send("Target.getTargets", page: false);
        var target = targets.GetProperty("targetInfos").EnumerateArray()
            .First(t => t.GetProperty("type").GetString() == "page").GetProperty("targetId").GetString();
        var attached = await tools.Send("Target.attachToTarget", new { targetId = target, flatten = true },
            page: false);
        tools._page = attached.GetProperty("sessionId").GetString();
        await tools.Send("Page.enable");
        return tools;
    }

    public async Task<JsonElement> Send(string method, object? parameters = null, bool page = true)
    {
        var id = Interlocked.Increment(ref _next);
        var message = new JsonObject { ["id"] = id, ["method"] = method };
        if (parameters is not null) message["params"] = JsonSerializer.SerializeToNode(parameters);
        if (page) message["sessionId"] = _page;
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true,
            CancellationToken.None);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public Task Navigate(Uri url) => Send("Page.navigate", new { url = url.ToString() });

    /// <summary>Runs a script in the page (awaiting a promise) and gives back its value.</summary>
    public async Task<JsonElement> Evaluate(string expression)
    {
        var result = await Send("Runtime.evaluate", new { expression, awaitPromise = true, returnByValue = true });
        if (result.TryGetProperty("exceptionDetails", out var failed))
            throw new Xunit.Sdk.XunitException($"The page threw: {failed}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>Evaluates <paramref name="expression"/> until it gives <paramref name="expected"/>.</summary>
    public async Task Until(string expression, string expected, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        string? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                var value = await Evaluate(expression);
                last = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString();
                if (last == expected) return;
            }
            catch (Xunit.Sdk.XunitException thrown)
            {
                // Right after Page.navigate the new document may have no body yet: not an answer, only "not yet".
                last = thrown.Message;
            }
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"{expression} was '{last}', not '{expected}', after {within}");
    }

    /// <summary>What the page shows, as a PNG (docs/dashboard.png is one).</summary>
    public async Task Screenshot(string file) => await File.WriteAllBytesAsync(file,
        Convert.FromBase64String((await Send("Page.captureScreenshot", new { format = "png" }))
            .GetProperty("data").GetString()!));

    public async Task<string> Html() => (await Evaluate("document.documentElement.outerHTML")).GetString()!;

    private async Task Read()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try { received = await _socket.ReceiveAsync(buffer, _stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException) { break; }
            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage) continue;
            using (var json = JsonDocument.Parse(message.ToArray()))
                if (json.RootElement.TryGetProperty("id", out var id)
                    && _pending.TryRemove(id.GetInt32(), out var tcs))
                {
                    if (json.RootElement.TryGetProperty("error", out var error))
                        tcs.SetException(new Xunit.Sdk.XunitException($"DevTools: {error}"));
                    else tcs.SetResult(json.RootElement.GetProperty("result").Clone());
                }
            message.SetLength(0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reading is not null) await _reading;
        _socket.Dispose();
        if (!_chromium.HasExited) _chromium.Kill(entireProcessTree: true);
        await _chromium.WaitForExitAsync();
        _chromium.Dispose();
        try { Directory.Delete(_profile, true); }
        catch (IOException) { /* chromium's last writes; the temp folder is cleaned by the system */ }
    }
}
