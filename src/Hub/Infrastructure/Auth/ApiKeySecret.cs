using System.Security.Cryptography;
using System.Text;

namespace OneThing.Hub.Infrastructure.Auth;

/// <summary>
/// Keys look like <c>otk_{keyId}.{secret}</c>. Only SHA-256 of the secret (bound to its key id) is stored: the
/// secret has 256 bits of entropy, so a slow password hash would add latency to every request and no safety.
/// </summary>
public static class ApiKeySecret
{
    private const string Prefix = "otk_";

    public static (string KeyId, string Key, string Hash) New()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}.{secret}", Hash(keyId, secret));
    }

    public static bool TryParse(string key, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (key.Length > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var dot = key.IndexOf('.', Prefix.Length);
        if (dot < 0) return false;
        keyId = key[Prefix.Length..dot];
        secret = key[(dot + 1)..];
        return keyId.Length == 16 && keyId.All(char.IsAsciiHexDigitLower) && secret.Length > 0;
    }

    public static string Hash(string keyId, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{keyId}:{secret}")));

    public static bool Matches(string storedHash, string keyId, string secret) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(storedHash), Encoding.ASCII.GetBytes(Hash(keyId, secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
