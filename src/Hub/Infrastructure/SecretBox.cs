using System.Security.Cryptography;
using System.Text;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Seals secrets the hub must use later in the clear (webhook HMAC secrets) with AES-GCM under the hub's key
/// (HUB_SECRET_KEY, 32 bytes in base64; hub.sh makes one under .hub/ in its embedded mode).
/// </summary>
public sealed class SecretBox(byte[] key)
{
    public static SecretBox From(string? base64) =>
        new(base64 is null ? throw new InvalidOperationException("Set HUB_SECRET_KEY (32 random bytes, base64).") : Convert.FromBase64String(base64));

    public string Seal(string secret)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(secret);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plain, cipher, tag);
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public string Open(string sealedSecret)
    {
        var bytes = Convert.FromBase64String(sealedSecret);
        var plain = new byte[bytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(bytes[..12], bytes[28..], bytes[12..28], plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// A keyed, stable digest of an identifier (a resident ID number): lets the hub find a holder's licences without
    /// an index of the numbers themselves.
    /// </summary>
    public string Blind(string identifier) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: "onething:blind-index"u8.ToArray()),
            Encoding.UTF8.GetBytes(identifier.ToUpperInvariant())));

    public static string Fingerprint(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..16];
}
