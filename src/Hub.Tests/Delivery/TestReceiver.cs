using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OneThing.Hub.Tests.Delivery;

/// <summary>A department's webhook on loopback, for one test: answers as the test says, keeps what it got.</summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public ConcurrentQueue<Received> Requests { get; } = new();
    public int Port { get; }

    private TestReceiver(WebApplication app, int port) => (_app, Port) = (app, port);

    public static async Task<TestReceiver> Start(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestReceiver? receiver = null;
        app.Run(async http =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            receiver!.Requests.Enqueue(new Received(http.Request.Path,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(),
                    StringComparer.OrdinalIgnoreCase),
                buffer.ToArray()));
            await answer(http);
        });
        await app.StartAsync();
        receiver = new TestReceiver(app, new Uri(app.Urls.First()).Port);
        return receiver;
    }

    /// <summary>The receiver's address under a name, not a number: a name the hub resolves to 127.0.0.1.</summary>
    public string Url(string path = "/hook") => $"http://localhost:{Port}{path}";

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
