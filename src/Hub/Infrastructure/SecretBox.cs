using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OneThing.Hub.Infrastructure;

/// <summary>One of the hub's sealing keys and the id sealed values name it by.</summary>
public sealed record SealingKey(string Id, byte[] Key);

/// <summary>A setting the hub cannot start with: said in one sentence, without a stack trace.</summary>
public sealed class HubConfigurationException(string message) : Exception(message);

/// <summary>
/// Seals what the hub must use later in the clear (webhook HMAC secrets, stored answers, the audit key) with
/// AES-GCM under the hub's keys (HUB_SECRET_KEYS "id:base64,..." or HUB_SECRET_KEY, 32 bytes each; hub.sh makes one
/// under .hub/ in its embedded mode). The first key seals; every key opens what it sealed, so a key can be rotated:
/// a new key first, then <c>reseal</c> (<see cref="SecretKeys.Reseal"/>), then the old key removed.
/// </summary>
/// <remarks>
/// Blind indexes and fingerprints are lookups: they must stay what they were, or holders' licences would not be
/// found and the audit chain, which hashes blinded values, would no longer verify. Their keys therefore do not
/// follow the sealing key: they come from HUB_INDEX_KEY, or, until one is set, from the oldest key
/// (docs/OPERATIONS.md, key rotation).
/// </remarks>
public sealed partial class SecretBox
{
    public const string DefaultKeyId = "default";
    // Sealed bytes name their key: this mark, the id's length and the id, then nonce, tag and cipher text. Values
    // sealed before keys had ids start straight with the nonce.
    private static readonly byte[] Mark = "OTk1"u8.ToArray();
    private readonly IReadOnlyList<SealingKey> _keys;
    private readonly byte[] _blindKey, _fingerprintKey;
    // A lookup like the blind index (subject access finds exchanges by it), so it follows the index key, not the
    // sealing key.
    private readonly byte[] _queryDigestKey;

    public SecretBox(byte[] key) : this([new SealingKey(DefaultKeyId, key)]) { }

    public SecretBox(IReadOnlyList<SealingKey> keys, byte[]? indexKey = null)
    {
        if (keys.Count == 0) throw new HubConfigurationException("Set HUB_SECRET_KEY (32 random bytes, base64).");
        _keys = keys;
        if (indexKey is { Length: 64 })
            (_blindKey, _fingerprintKey) = (indexKey[..32], indexKey[32..]);
        else
        {
            // Derived as they always were, from the key the indexes were first made with: the oldest one.
            var root = keys[^1].Key;
            _blindKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, info: "onething:blind-index"u8.ToArray());
            _fingerprintKey =
                HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, info: "onething:fingerprint"u8.ToArray());
        }
        _queryDigestKey =
            HKDF.DeriveKey(HashAlgorithmName.SHA256, _blindKey, 32, info: "onething:query-digest"u8.ToArray());
    }

    /// <summary>The id of the key that seals.</summary>
    public string CurrentKeyId => _keys[0].Id;

    public IEnumerable<string> KeyIds => _keys.Select(k => k.Id);

    /// <summary>The blind-index and fingerprint keys, for HUB_INDEX_KEY (base64, 64 bytes): they open nothing.
    /// </summary>
    public string IndexKey => Convert.ToBase64String([.. _blindKey, .. _fingerprintKey]);

    /// <summary>HUB_SECRET_KEYS ("id:base64" by commas, the sealing key first) or HUB_SECRET_KEY (one key, id
    /// <c>default</c>), and HUB_INDEX_KEY.</summary>
    public static SecretBox From(HubOptions hub)
    {
        var keys = hub.SecretKeys is { } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Split(':', 2) is [var id, var key]
                    ? Key(id, key, "HUB_SECRET_KEYS")
                    : throw new HubConfigurationException(
                        "HUB_SECRET_KEYS: write each key as id:base64, the sealing key first, separated by commas."))
                .ToList()
            : hub.SecretKey is { } single
                ? [Key(DefaultKeyId, single, "HUB_SECRET_KEY")]
                : throw new HubConfigurationException(
                    "Set HUB_SECRET_KEY (32 random bytes, base64) or HUB_SECRET_KEYS (id:base64,...).");
        if (keys.GroupBy(k => k.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new HubConfigurationException($"HUB_SECRET_KEYS names key id '{twice.Key}' twice.");
        byte[]? index = null;
        if (hub.IndexKey is { } indexKey && (!TryBase64(indexKey, out index) || index.Length != 64))
            throw new HubConfigurationException(
                "HUB_INDEX_KEY is not 64 bytes in base64: set it to what `dotnet Hub.dll index-key` prints.");
        return new SecretBox(keys, index);
    }

    private static SealingKey Key(string id, string base64, string setting)
    {
        if (!KeyId().IsMatch(id))
            throw new HubConfigurationException(
                $"{setting}: key id '{id}' must be 1 to 32 letters, digits, '-' or '_'.");
        return TryBase64(base64, out var key) && key.Length == 32
            ? new SealingKey(id, key)
            : throw new HubConfigurationException(
                $"{setting}: key id '{id}' is not 32 bytes in base64 (make one with `openssl rand -base64 32`).");
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), bytes, out var n)) return false;
        bytes = bytes[..n];
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyId();

    /// <summary><c>id:</c> and the sealed bytes in base64 (base64 has no colon, so values from before key ids,
    /// without one, are told apart).</summary>
    public string Seal(string secret) =>
        $"{CurrentKeyId}:{Convert.ToBase64String(SealWith(_keys[0], Encoding.UTF8.GetBytes(secret)))}";

    /// <summary>Sealed under the key of this id, not the current one: the start-up check's value per key.</summary>
    internal string SealUnder(string id, string secret) =>
        $"{id}:{Convert.ToBase64String(SealWith(Find(id), Encoding.UTF8.GetBytes(secret)))}";

    /// <summary>Tells whether the blind-index key is the one the database was indexed with, without giving it away.
    /// </summary>
    internal string IndexCheck =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_blindKey, "onething:index-check"u8.ToArray()));

    public string Open(string sealedSecret)
    {
        var colon = sealedSecret.IndexOf(':');
        var plain = colon < 0
            ? OpenUnnamed(Convert.FromBase64String(sealedSecret))
            : OpenWith(Find(sealedSecret[..colon]), Convert.FromBase64String(sealedSecret[(colon + 1)..]));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The id of the key a value was sealed with; null for values from before key ids.</summary>
    public static string? SealedWith(string sealedSecret) =>
        sealedSecret.IndexOf(':') is var colon and > 0 ? sealedSecret[..colon] : null;

    public static string? SealedWith(byte[] sealedBytes) =>
        sealedBytes.Length > 5 && sealedBytes.AsSpan(0, 4).SequenceEqual(Mark)
            ? Encoding.ASCII.GetString(sealedBytes, 5, Math.Min(sealedBytes[4], sealedBytes.Length - 5))
            : null;

    /// <summary>The mark, the key id, then nonce (12 bytes), tag (16), cipher text.</summary>
    public byte[] Seal(byte[] plain)
    {
        var id = Encoding.ASCII.GetBytes(CurrentKeyId);
        return [.. Mark, (byte)id.Length, .. id, .. SealWith(_keys[0], plain)];
    }

    public byte[] Open(byte[] sealedBytes)
    {
        if (SealedWith(sealedBytes) is not { } id) return OpenUnnamed(sealedBytes);
        if (_keys.FirstOrDefault(k => k.Id == id) is { } key)
            try { return OpenWith(key, sealedBytes[(5 + id.Length)..]); }
            catch (CryptographicException) { }   // perhaps a value from before key ids: tried below
        // A value from before key ids whose nonce begins like the mark (once in four billion), or a key now missing.
        return OpenUnnamed(sealedBytes, looksNamed: id);
    }

    private SealingKey Find(string id) => _keys.FirstOrDefault(k => k.Id == id) ?? throw Missing(id);

    private static CryptographicException Missing(string id) => new(
        $"Sealed with key id '{id}', which is not in HUB_SECRET_KEYS: add that key back, then run reseal.");

    private static byte[] SealWith(SealingKey key, byte[] plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key.Key, 16);
        aes.Encrypt(nonce, plain, cipher, tag, Encoding.ASCII.GetBytes(key.Id));
        return [.. nonce, .. tag, .. cipher];
    }

    private static byte[] OpenWith(SealingKey key, byte[] sealedBytes, bool named = true)
    {
        var plain = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key.Key, 16);
        aes.Decrypt(sealedBytes[..12], sealedBytes[28..], sealedBytes[12..28], plain,
            named ? Encoding.ASCII.GetBytes(key.Id) : null);
        return plain;
    }

    /// <summary>Values from before key ids name no key and bind none: each key is tried (GCM's tag tells).</summary>
    private byte[] OpenUnnamed(byte[] sealedBytes, string? looksNamed = null)
    {
        foreach (var key in _keys)
            try { return OpenWith(key, sealedBytes, named: false); }
            catch (CryptographicException) { }
        throw looksNamed is not null && !_keys.Any(k => k.Id == looksNamed) ? Missing(looksNamed) : new(
            "No key in HUB_SECRET_KEYS opens this value, sealed before key ids: add the key it was sealed with.");
    }

    /// <summary>
    /// A keyed, stable digest of an identifier (a resident ID number): lets the hub find a holder's licences without
    /// an index of the numbers themselves.
    /// </summary>
    public string Blind(string identifier) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_blindKey, Encoding.UTF8.GetBytes(identifier.ToUpperInvariant())));

    /// <summary>
    /// What events keep of a webhook secret: enough to tell two secrets apart, keyed so that an exported event
    /// gives no offline test of guesses at a weak secret.
    /// </summary>
    public string Fingerprint(string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_fingerprintKey, Encoding.UTF8.GetBytes(secret)))[..16];

    /// <summary>
    /// What audit keeps of a query (an exchange's query values): keyed, because a query of one ID number has so few
    /// possible values that an unkeyed digest is undone by trying them all.
    /// </summary>
    public string QueryDigest(byte[] canonicalQuery) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_queryDigestKey, canonicalQuery));
}
