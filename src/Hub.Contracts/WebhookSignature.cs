using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OneThing.Contracts;

/// <summary>
/// How the hub signs a webhook and how a receiver checks it (docs/WEBHOOKS.md quotes this file). The signature covers
/// the timestamp and the exact body bytes, so a captured delivery cannot be sent again later under a fresh time, and
/// a receiver that also remembers message ids for the replay window refuses a copy sent within it.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-OneThing-Timestamp";
    public const string SignatureHeader = "X-OneThing-Signature";
    public const string MessageIdHeader = "X-OneThing-Message-Id";
    public const string Scheme = "v1=";

    /// <summary>How far a delivery's timestamp may be from the receiver's clock, either way.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    /// <summary><c>v1=</c> and the hex HMAC-SHA256, keyed with the department's secret, of the timestamp (Unix
    /// seconds, decimal), a dot and the body.</summary>
    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        return Scheme + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. prefix, .. body]));
    }
}

public enum WebhookCheck
{
    Accepted,
    /// <summary>No timestamp or signature, or not in the v1 form.</summary>
    Unsigned,
    /// <summary>Signed with another secret, or the body or timestamp was changed on the way.</summary>
    BadSignature,
    /// <summary>Outside the replay window: an old delivery sent again, or a clock far off.</summary>
    Stale,
    /// <summary>Signed and fresh, but this message id was accepted before: a replay within the window, or the hub
    /// sending again after a timeout. Answer 2xx and do nothing.</summary>
    Duplicate,
}

/// <summary>
/// A receiver's check of the hub's webhooks, for one department secret: the simulator's, and the C# example of
/// docs/WEBHOOKS.md. It remembers the message ids it accepted for twice the replay window, which is as long as a
/// replay could pass the timestamp check; a receiver that runs on several machines keeps them in a shared store.
/// </summary>
public sealed class WebhookReceiver(string secret, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _seen = new();
    private DateTimeOffset _swept = DateTimeOffset.MinValue;

    /// <summary>The two headers as received, the message id read from the (signed) body, not from the unsigned
    /// X-OneThing-Message-Id header, and the exact body bytes.</summary>
    public WebhookCheck Check(string? timestamp, string? signature, Guid messageId, byte[] body)
    {
        if (timestamp is null || signature is null
            || !signature.StartsWith(WebhookSignature.Scheme, StringComparison.Ordinal)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return WebhookCheck.Unsigned;
        var expected = Encoding.ASCII.GetBytes(WebhookSignature.Sign(secret, seconds, body));
        // Constant time: a receiver that answers faster for a closer guess gives the HMAC away a byte at a time.
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
            return WebhookCheck.BadSignature;
        var now = _clock.GetUtcNow();
        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253402300799));
        if ((now - sent).Duration() > WebhookSignature.ReplayWindow)
            return WebhookCheck.Stale;
        Forget(now);
        return _seen.TryAdd(messageId, now) ? WebhookCheck.Accepted : WebhookCheck.Duplicate;
    }

    /// <summary>Once a window: a sweep per message would cost a busy receiver more than its work.</summary>
    private void Forget(DateTimeOffset now)
    {
        if (now - _swept < WebhookSignature.ReplayWindow) return;
        _swept = now;
        foreach (var (id, at) in _seen)
            if (now - at > 2 * WebhookSignature.ReplayWindow)
                _seen.TryRemove(id, out _);
    }
}
