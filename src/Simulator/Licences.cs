using System.Collections.Concurrent;
using System.Security.Cryptography;
using OneThing.Contracts;
using Wire = OneThing.Client.Models;

namespace OneThing.Simulator;

/// <summary>
/// What an issuing department's system does with a licence it produces: sign the canonical document with its
/// ECDSA P-256 key (registered with the hub at start, then approved by the coordinating office) and push it. It
/// remembers what it pushed, by holder, so
/// that /sim/population can say who holds what.
/// </summary>
public sealed class Licences(Departments departments, HubClient hub, SimulatorOptions options, ILogger<Licences> log)
{
    private readonly Dictionary<string, (ECDsa Key, string KeyId)> _keys = [];
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HeldLicence>> _held = new();
    public int Pushed,
        Failed;

    public IReadOnlyDictionary<string, LicenceTypeInfo> Types { get; private set; } =
        new Dictionary<string, LicenceTypeInfo>();

    public async Task Start(CancellationToken ct)
    {
        var coordinator = hub.As(departments.Keys.Coordinator);
        Types = (await Records.From<LicenceTypeList>(await coordinator.LicenceTypes.GetAsync(cancellationToken: ct)))
            .LicenceTypes.ToDictionary(t => t.Code);
        foreach (
            var department in Types
                .Values.SelectMany(t => t.Issuers)
                .Distinct()
                .Where(departments.Keys.Departments.ContainsKey)
        )
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var keyId = $"sim-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
            var registration = new RegisterSigningKey(keyId, SignatureAlgorithms.EcdsaP256,
                Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
            await hub.As(departments.Key(department)).Departments[department].SigningKeys
                .PostAsync(Records.To<Wire.RegisterSigningKey>(registration), cancellationToken: ct);
            // The coordinating office vouches for the key before the hub accepts anything signed with it.
            await coordinator.SigningKeys[$"{department}.{keyId}"].Approval.PostAsync(cancellationToken: ct);
            _keys[department] = (key, keyId);
        }
    }

    public bool Signs(string department) => _keys.ContainsKey(department);

    /// <summary>Pushes what the population holds, a bounded number at a time (SIM_PUSH_CONCURRENCY), so the start
    /// stays short without crowding the hub.</summary>
    public async Task PushHoldings(IEnumerable<LicenceDocument> documents, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var list = documents.Where(d => Signs(d.Issuer)).ToList();
        await Parallel.ForEachAsync(
            list,
            new ParallelOptions { MaxDegreeOfParallelism = options.PushConcurrency, CancellationToken = ct },
            async (document, token) =>
            {
                try
                {
                    await Push(document, token);
                }
                catch (Exception e) when (e is HttpRequestException or Microsoft.Kiota.Abstractions.ApiException)
                {
                    Interlocked.Increment(ref Failed);
                    log.LogWarning("Licence {Type} {Number} not pushed: {Error}", document.Type, document.Number,
                        e.Message);
                }
            }
        );
        log.LogInformation("Pushed {Count} licences of the population in {Seconds:0.0} s ({Failed} refused)",
            list.Count, (DateTime.UtcNow - started).TotalSeconds, Failed);
    }

    /// <summary>Signs and pushes one licence; its id in the hub. A number the hub holds already (a second start)
    /// is looked up instead of issued twice.</summary>
    public async Task<string> Push(LicenceDocument document, CancellationToken ct)
    {
        var signer = _keys[document.Issuer];
        var signature = Convert.ToBase64String(
            signer.Key.SignData(
                LicenceCanonicalForm.Bytes(document),
                HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation
            )
        );
        var api = hub.As(departments.Key(document.Issuer));
        var push = new PushLicence(document, new LicenceSignature(SignatureAlgorithms.EcdsaP256, signer.KeyId,
            signature));
        string id;
        try
        {
            var wire = Records.To<Wire.PushLicence>(push);
            // Kiota reads an open map's date-like strings as DateTimeOffset and writes them back in another form,
            // which changes the signed bytes: the fields go over as the strings the issuer signed.
            wire.Document!.Fields!.AdditionalData = document.Fields.ToDictionary(f => f.Key, f => (object)f.Value);
            id = (await api.Licences.PostAsync(wire, cancellationToken: ct))!.LicenceId!;
        }
        // "already issued": pushed by an earlier start; "carried out": the hub stored the push but lost its answer
        // in a restart. Either way the issuer finds its licence by holder and number.
        catch (Wire.ProblemDetails problem) when (problem.ResponseStatusCode == 409
            && problem.Detail is { } detail && (detail.Contains("carried out") || detail.Contains("already issued")))
        {
            var mine = await Records.From<LicenceList>(await api.Licences.GetAsync(q =>
            {
                q.QueryParameters.Holder = document.Holder.IdNumber;
                q.QueryParameters.Type = document.Type;
            }, ct));
            id = mine.Licences.FirstOrDefault(l => l.Document.Number == document.Number)?.LicenceId
                ?? throw new HttpRequestException($"{document.Type} {document.Number} is another holder's");
        }
        Interlocked.Increment(ref Pushed);
        _held.GetOrAdd(document.Holder.IdNumber, _ => new())[$"{document.Type}/{document.Number}"] = new HeldLicence(
            document.Type,
            document.Number,
            id,
            document.ValidUntil
        );
        return id;
    }

    /// <summary>The licences this simulator pushed for a holder (at start or since).</summary>
    public IReadOnlyList<HeldLicence> HeldBy(string holderId) =>
        _held.TryGetValue(holderId, out var held) ? held.Values.OrderBy(l => l.Type).ToList() : [];
}

public sealed record HeldLicence(string Type, string Number, string LicenceId, string? ValidUntil);
