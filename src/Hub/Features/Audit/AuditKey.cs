using System.Security.Cryptography;
using System.Text;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Audit;

/// <summary>
/// The key that signs audit seals and keys the digests of the documents that grant rights. It lives outside the
/// database: a database writer can neither read it nor swap it. The default is a key file
/// (<see cref="FileAuditKeyProvider"/>); a hardware module or a key service fits behind the same interface.
/// </summary>
public interface IAuditKeyProvider
{
    /// <summary><see cref="ProofCheck.KeyId"/> of <see cref="PublicKey"/>.</summary>
    string KeyId { get; }

    /// <summary>The public half, SubjectPublicKeyInfo in base64.</summary>
    string PublicKey { get; }

    /// <summary>ECDSA P-256 over SHA-256, IEEE P1363.</summary>
    byte[] Sign(byte[] data);

    /// <summary>A 32-byte key for one purpose, derived from the audit key (never the key itself).</summary>
    byte[] DeriveKey(string purpose);
}

/// <summary>
/// The audit key as a PKCS#8 PEM file (HUB_AUDIT_KEY_FILE). Made on first start when the file is missing, readable by
/// the hub's user only (0600); the operator backs it up and records its id (docs/AUDIT.md, the key ceremony).
/// </summary>
public sealed class FileAuditKeyProvider : IAuditKeyProvider, IDisposable
{
    private readonly ECDsa _key;
    private readonly byte[] _secret;

    private FileAuditKeyProvider(ECDsa key)
    {
        _key = key;
        PublicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        KeyId = ProofCheck.KeyId(PublicKey);
        _secret = key.ExportPkcs8PrivateKey();
    }

    public string KeyId { get; }
    public string PublicKey { get; }

    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256);

    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, info: Encoding.UTF8.GetBytes(purpose));

    public static FileAuditKeyProvider Open(string? path, ILogger? log = null)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new HubConfigurationException(
                "Set HUB_AUDIT_KEY_FILE to the path of the audit key file (made there on first start; "
                + "./hub.sh run keeps one under .hub/). See docs/AUDIT.md, the key ceremony.");
        if (!File.Exists(path))
        {
            using var made = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var pem = made.ExportPkcs8PrivateKeyPem();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            try
            {
                // CreateNew: nodes starting at once on a shared volume settle on the first one's key.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var file = new FileStream(path, options);
                file.Write(Encoding.ASCII.GetBytes(pem));
                log?.LogWarning("Made a new audit key in {Path}: back it up and record its id (docs/AUDIT.md)", path);
            }
            catch (IOException) when (File.Exists(path)) { }
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new HubConfigurationException(
                $"HUB_AUDIT_KEY_FILE ({path}) holds no EC private key in PEM: {e.Message}");
        }
        if (key.KeySize != 256)
            throw new HubConfigurationException($"HUB_AUDIT_KEY_FILE ({path}) must hold a P-256 key.");
        return new FileAuditKeyProvider(key);
    }

    public void Dispose() => _key.Dispose();
}

/// <summary>
/// The audit key of hubs before anchoring, which was kept in the database (hub.audit_key, sealed with
/// HUB_SECRET_KEY). Only its public half is still read: seals made under it verify, and the witness takes them over
/// as they stood at the upgrade. Nothing is signed with it any more.
/// </summary>
public static class LegacyAuditKey
{
    public static async Task<string?> PublicKey(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var read = new NpgsqlCommand("select public_key from hub.audit_key where id = 1", connection);
        return await read.ExecuteScalarAsync(ct) as string;
    }
}
