using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// A webhook that answers 200 and a chunked body without end, on a raw socket. What it counts as sent is what the
/// kernel took: Kestrel drops what a handler writes after the peer hung up without failing the write at once, so a
/// Kestrel handler counts bytes nobody read.
/// </summary>
public sealed class EndlessWebhook : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;
    private static readonly byte[] Head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray();
    private static readonly byte[] Chunk =
        Encoding.ASCII.GetBytes($"{ChunkSize:x}\r\n{new string(' ', ChunkSize)}\r\n");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _answering = [];
    private readonly Task _accepting;

    /// <summary>Bytes of body sent per answer, once its connection has ended.</summary>
    public ConcurrentBag<long> Sent { get; } = [];

    public EndlessWebhook()
    {
        _listener.Start();
        _accepting = Accept();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/endless";

    private async Task Accept()
    {
        try
        {
            while (true)
                _answering.Add(Answer(await _listener.AcceptSocketAsync(_stop.Token)));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    private async Task Answer(Socket socket)
    {
        long sent = 0;
        // The request is read and dropped beside the answer: the hub sends it whole before it reads.
        var reading = Discard(socket);
        try
        {
            await socket.SendAsync(Head, _stop.Token);
            while (sent < 1L << 30)
                sent += await socket.SendAsync(Chunk, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        finally
        {
            Sent.Add(sent);
            socket.Close();
            await reading;
            socket.Dispose();
        }
    }

    private async Task Discard(Socket socket)
    {
        var buffer = new byte[8192];
        try
        {
            while (await socket.ReceiveAsync(buffer, _stop.Token) > 0) { }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_answering);
        _stop.Dispose();
    }
}
