using System.Net;
using System.Security.Cryptography;
using OneThing.Contracts;
using OneThing.Simulator;

namespace OneThing.Bench;

/// <summary>
/// The hub's write path: an issuing department pushes a signed e-licence (HTTP, API key, ECDSA signature check
/// against its registered key, the number's uniqueness, the append, the inline projections, the outbox), 201.
/// The licences are signed before the clock starts: we measure the hub, not the client's signing.
/// </summary>
public sealed class WritePath(HubApi hub, DevKeys keys)
{
    private const string Issuer = "health",
        Type = "birth-medical-certificate";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _keyId = $"bench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    private long _next;

    public async Task RegisterKey()
    {
        using var response = await hub.Post(
            keys.Departments[Issuer],
            $"/api/departments/{Issuer}/signing-keys",
            new RegisterSigningKey(
                _keyId,
                SignatureAlgorithms.EcdsaP256,
                Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo())
            )
        );
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"signing key: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            );
        // The coordinating office approves it, as it must before the hub accepts licences signed with it.
        using var approved = await hub.Post(keys.Coordinator, $"/api/signing-keys/{Issuer}.{_keyId}/approval", new { });
        if (!approved.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"signing key approval: {(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync()}"
            );
    }

    /// <summary>Signed pushes, each a new licence with a number of its own.</summary>
    public PushLicence[] Prepare(int count) =>
        Enumerable
            .Range(0, count)
            .Select(_ =>
            {
                var n = Interlocked.Increment(ref _next);
                var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");
                var document = new LicenceDocument(
                    Type,
                    $"B{_keyId[6..]}{n:D10}",
                    new LicenceHolder("王小宝", "birth-certificate-number", $"Q{n:D12}"),
                    Issuer,
                    "天津市卫生健康委员会",
                    today,
                    new Dictionary<string, string>
                    {
                        ["sex"] = "男",
                        ["birth-date"] = today,
                        ["birth-place"] = "天津市",
                        ["mother-name"] = "李丽华",
                        ["father-name"] = "王建国",
                    }
                );
                var signature = Convert.ToBase64String(
                    _key.SignData(
                        LicenceCanonicalForm.Bytes(document),
                        HashAlgorithmName.SHA256,
                        DSASignatureFormat.IeeeP1363FixedFieldConcatenation
                    )
                );
                return new PushLicence(
                    document,
                    new LicenceSignature(SignatureAlgorithms.EcdsaP256, _keyId, signature)
                );
            })
            .ToArray();

    /// <summary>An operation for the load runner: takes the next prepared push (never the same one twice).</summary>
    public Func<int, Task<bool>> Operation(PushLicence[] prepared)
    {
        var index = -1;
        return async _ =>
        {
            var i = Interlocked.Increment(ref index);
            // Signing belongs before the clock starts: running out means too few were prepared, not a slower hub.
            var push =
                i < prepared.Length
                    ? prepared[i]
                    : throw new InvalidOperationException("Prepare more pushes for this phase length.");
            using var response = await hub.Post(keys.Departments[Issuer], "/api/licences", push);
            return response.StatusCode == HttpStatusCode.Created;
        };
    }
}
