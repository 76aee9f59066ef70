using System.Net.Http.Json;
using System.Security.Cryptography;
using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// What an issuing department's system does with a licence it produces: sign the canonical document with its
/// ECDSA P-256 key (registered with the hub at start) and push it, then name it among the service's results.
/// </summary>
public sealed class Licences(Departments departments, HubClient hub)
{
    private readonly Dictionary<string, (ECDsa Key, string KeyId)> _keys = [];
    private Dictionary<string, LicenceTypeInfo> _types = [];

    public async Task Start(CancellationToken ct)
    {
        _types = (
            await hub.Get<LicenceTypeList>(departments.Keys.Coordinator, "/api/licence-types", ct)
        ).LicenceTypes.ToDictionary(t => t.Code);
        foreach (
            var department in _types
                .Values.SelectMany(t => t.Issuers)
                .Distinct()
                .Where(departments.Keys.Departments.ContainsKey)
        )
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var keyId = $"sim-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
            await hub.Send(
                departments.Key(department),
                HttpMethod.Post,
                $"/api/departments/{department}/signing-keys",
                new RegisterSigningKey(
                    keyId,
                    SignatureAlgorithms.EcdsaP256,
                    Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())
                ),
                ct
            );
            _keys[department] = (key, keyId);
        }
    }

    /// <summary>Issues a licence of <paramref name="type"/> to the applicant of <paramref name="work"/>; null when this
    /// department does not issue that type or the type is not for this kind of applicant.</summary>
    public async Task<string?> Issue(string department, string type, WorkItem work, Random random, CancellationToken ct)
    {
        if (
            !_types.TryGetValue(type, out var info)
            || !_keys.TryGetValue(department, out var signer)
            || !info.Issuers.Contains(department)
        )
            return null;
        var applicant = work.Applicant;
        LicenceHolder? holder = (info.HolderIdType, applicant.Kind) switch
        {
            ("birth-certificate-number", _) => new LicenceHolder(
                applicant.Name[..1] + "小宝",
                "birth-certificate-number",
                $"Q12{random.Next(10000000, 99999999)}"
            ),
            ("resident-id" or "resident-id-or-uscc", ApplicantKinds.Person) => new LicenceHolder(
                applicant.Name,
                "resident-id",
                applicant.IdNumber
            ),
            ("uscc" or "resident-id-or-uscc", ApplicantKinds.Enterprise) => new LicenceHolder(
                applicant.Name,
                "uscc",
                applicant.IdNumber
            ),
            _ => null,
        };
        if (holder is null)
            return null;

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var fields = info.Fields.ToDictionary(
            f => f.Code,
            f =>
                f.Type switch
                {
                    "date" => today.ToString("yyyy-MM-dd"),
                    "integer" => random.Next(1, 10).ToString(),
                    "decimal" or "money" => random.Next(1, 1000).ToString(),
                    "bool" => "true",
                    "address" => "天津市河西区友谊路" + random.Next(1, 200) + "号",
                    _ => "示例",
                }
        );
        var document = new LicenceDocument(
            type,
            $"{info.TypeCode[^6..]}{today:yyyyMMdd}{random.NextInt64(100_000_000, 999_999_999)}",
            holder,
            department,
            $"天津市{department}",
            today.ToString("yyyy-MM-dd"),
            fields,
            ValidUntil: info.ValidityYears is { } years ? today.AddYears(years).ToString("yyyy-MM-dd") : null
        );
        var signature = Convert.ToBase64String(
            signer.Key.SignData(
                LicenceCanonicalForm.Bytes(document),
                HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation
            )
        );
        var key = departments.Key(department);
        using var response = await hub.Send(
            key,
            HttpMethod.Post,
            "/api/licences",
            new PushLicence(document, new LicenceSignature(SignatureAlgorithms.EcdsaP256, signer.KeyId, signature)),
            ct,
            ensure: false
        );
        if (response.IsSuccessStatusCode)
            return (await response.Content.ReadFromJsonAsync<LicencePushed>(HubClient.Json, ct))!.LicenceId;

        // The hub stored the push but lost its answer in a restart: the issuer finds its licence by holder and number.
        if (
            response.StatusCode == System.Net.HttpStatusCode.Conflict
            && (await response.Content.ReadAsStringAsync(ct)).Contains("carried out")
        )
        {
            var mine = await hub.Get<LicenceList>(
                key,
                $"/api/licences?holder={Uri.EscapeDataString(holder.IdNumber)}&type={Uri.EscapeDataString(type)}",
                ct
            );
            return mine.Licences.Single(l => l.Document.Number == document.Number).LicenceId;
        }
        throw new HttpRequestException(
            $"POST /api/licences: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}"
        );
    }
}
