using System.Net.Sockets;
using System.Text;
using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Materials;

/// <summary>
/// Uploads that go wrong on the wire, against the hub as a real process behind Kestrel (the test host cannot send a
/// body shorter than its Content-Length, nor one without a length): refused, never a 500, and nothing stored.
/// </summary>
[Collection(LiveHubCollection.Name)]
public sealed class an_upload_cut_short(LiveHub live)
{
    private string Key => live.Keys.Departments[MaterialFiles.Window];

    private async Task<(long Rows, long Events)> Stored() =>
        (await live.Scalar("select count(*) from hub.material_contents"),
            await live.Scalar("select count(*) from hub.mt_events where type = 'material_uploaded'"));

    private string Head(string framing) =>
        "POST /api/materials?name=cut HTTP/1.1\r\n" +
        $"Host: {live.HubUrl.Authority}\r\nAuthorization: Bearer {Key}\r\nContent-Type: application/pdf\r\n" +
        $"{framing}\r\n\r\n";

    /// <summary>Sends the request, then reads what comes back until the hub closes or answers; null if it closed
    /// without a word.</summary>
    private async Task<string?> Send(Func<NetworkStream, Task> write, bool halfClose)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(live.HubUrl.Host, live.HubUrl.Port);
        var stream = tcp.GetStream();
        try
        {
            await write(stream);
            if (halfClose) tcp.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The hub stopped reading and closed: what it answered before that is still to be read.
        }
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            int read;
            while (!answer.ToString().Contains("\r\n\r\n")
                   && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
        }
        return answer.Length == 0 ? null : answer.ToString().Split("\r\n")[0];
    }

    [Fact]
    public async Task a_body_shorter_than_its_content_length_is_a_400_and_stores_nothing()
    {
        var before = await Stored();
        var status = await Send(async s =>
        {
            await s.WriteAsync(Encoding.ASCII.GetBytes(Head("Content-Length: 1000")));
            await s.WriteAsync(MaterialFiles.Pdf().AsMemory(0, 10));
        }, halfClose: true);

        Assert.True(status is null || status.StartsWith("HTTP/1.1 400"), status);
        Assert.Equal(before, await Stored());
    }

    [Fact]
    public async Task a_client_gone_mid_upload_stores_nothing_and_the_hub_goes_on()
    {
        var before = await Stored();
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(live.HubUrl.Host, live.HubUrl.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Head("Content-Length: 100000")));
            await stream.WriteAsync(new byte[50_000]);
            tcp.Client.LingerState = new LingerOption(true, 0); // a reset, as a dropped connection
        }
        await Task.Delay(500);

        Assert.Equal(before, await Stored());
        var after = await Send(async s =>
        {
            var pdf = MaterialFiles.Pdf();
            await s.WriteAsync(Encoding.ASCII.GetBytes(Head($"Content-Length: {pdf.Length}")));
            await s.WriteAsync(pdf);
        }, halfClose: false);
        Assert.StartsWith("HTTP/1.1 201", after);
    }

    [Fact]
    public async Task a_chunked_body_is_stopped_at_the_first_byte_over_10_mib()
    {
        var before = await Stored();
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        "%PDF-1.4\n"u8.CopyTo(chunk);
        var sent = 0L;
        var status = await Send(async s =>
        {
            await s.WriteAsync(Encoding.ASCII.GetBytes(Head("Transfer-Encoding: chunked")));
            // Two chunks more than the limit takes: the hub answers before the body ends.
            while (sent <= MaterialMediaTypes.MaxBytes + chunk.Length)
            {
                await s.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
                await s.WriteAsync(chunk);
                await s.WriteAsync("\r\n"u8.ToArray());
                sent += chunk.Length;
            }
            await s.WriteAsync("0\r\n\r\n"u8.ToArray());
        }, halfClose: false);

        Assert.StartsWith("HTTP/1.1 413", status);
        Assert.Equal(before, await Stored());
    }
}
