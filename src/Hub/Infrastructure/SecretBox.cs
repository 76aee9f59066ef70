using System.Security.Cryptography;
using System.Text;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Seals what the hub must use later in the clear (webhook HMAC secrets, stored answers) with AES-GCM under the
/// hub's key (HUB_SECRET_KEY, 32 bytes in base64; hub.sh makes one under .hub/ in its embedded mode).
/// </summary>
public sealed class SecretBox(byte[] key)
{
    // Derived once: Blind runs for every event the audit chain seals and every holder lookup.
    private readonly byte[] _blindKey = HKDF.DeriveKey(
        HashAlgorithmName.SHA256,
        key,
        32,
        info: "onething:blind-index"u8.ToArray()
    );
    private readonly byte[] _fingerprintKey = HKDF.DeriveKey(
        HashAlgorithmName.SHA256,
        key,
        32,
        info: "onething:fingerprint"u8.ToArray()
    );

    private readonly byte[] _queryDigestKey = HKDF.DeriveKey(
        HashAlgorithmName.SHA256,
        key,
        32,
        info: "onething:query-digest"u8.ToArray()
    );

    public static SecretBox From(string? base64) =>
        new(
            base64 is null
                ? throw new InvalidOperationException("Set HUB_SECRET_KEY (32 random bytes, base64).")
                : Convert.FromBase64String(base64)
        );

    public string Seal(string secret) => Convert.ToBase64String(Seal(Encoding.UTF8.GetBytes(secret)));

    public string Open(string sealedSecret) => Encoding.UTF8.GetString(Open(Convert.FromBase64String(sealedSecret)));

    /// <summary>Nonce (12 bytes), tag (16), cipher text.</summary>
    public byte[] Seal(byte[] plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plain, cipher, tag);
        return [.. nonce, .. tag, .. cipher];
    }

    public byte[] Open(byte[] sealedBytes)
    {
        var plain = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedBytes[..12], sealedBytes[28..], sealedBytes[12..28], plain);
        return plain;
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
