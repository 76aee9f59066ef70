#:project ../src/Hub.Contracts/Hub.Contracts.csproj
#:property PublishAot=false
// The offline check of a proof bundle against the audit witness (docs/AUDIT.md), with nothing of the hub but its
// contracts: dotnet run docs/audit-check.cs -- bundle.json audit-witness.jsonl [audit key id]
// Exit code 0 and "ok" when the bundle holds; 1 and the first problem otherwise.
using System.Text.Json;
using OneThing.Contracts;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run docs/audit-check.cs -- bundle.json audit-witness.jsonl [key id]");
    return 2;
}
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var bundle = JsonSerializer.Deserialize<ProofBundle>(File.ReadAllText(args[0]), json)!;
var witness = new List<WitnessEntry>();
foreach (var line in File.ReadLines(args[1]))
{
    // A line cut short by a crash is skipped; the hub publishes its seal again.
    try { if (line.Length > 0) witness.Add(JsonSerializer.Deserialize<WitnessEntry>(line, json)!); }
    catch (JsonException)
    {
        Console.Error.WriteLine($"skipped a damaged witness line: {line[..Math.Min(60, line.Length)]}");
    }
}
var problem = ProofCheck.WitnessProblem(bundle, witness);
// The key id recorded at the key ceremony: the bundle and the witness name no other key.
if (problem is null && args.Length > 2)
{
    if (ProofCheck.KeyId(bundle.PublicKey) != args[2]) problem = $"the bundle's key is not {args[2]}";
    else if (witness.FirstOrDefault(w => w.KeyId is not null && w.KeyId != args[2]) is { } other)
        problem = $"witness: seal {other.Batch} is signed by key {other.KeyId}, not {args[2]}";
}
Console.WriteLine(problem ?? $"ok: {bundle.Entries.Count} events of {bundle.Correlation} under {bundle.Seals.Count} "
    + $"seals, all in the witness ({witness.Count} seals, chained)");
return problem is null ? 0 : 1;
