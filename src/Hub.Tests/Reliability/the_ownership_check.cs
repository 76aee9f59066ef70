using System.Net;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>The network-fault tests' check that no projection ran on two nodes at once, shown to fail when one
/// did, on made-up histories.</summary>
public sealed class the_ownership_check
{
    private static readonly Guid A = Guid.NewGuid(),
        B = Guid.NewGuid();
    private static readonly IPAddress HostA = IPAddress.Parse("10.77.1.10"),
        HostB = IPAddress.Parse("10.77.1.11");
    private static readonly Dictionary<Guid, IPAddress> Hosts = new() { [A] = HostA, [B] = HostB };
    private const string Agent = "event-subscriptions://marten/main/db/figures/all";
    private static readonly DateTime T0 = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private static DateTime At(double seconds) => T0.AddSeconds(seconds);

    [Fact]
    public void a_handover_is_one_owner_at_a_time()
    {
        Ownership.Assignment[] assignments =
        [
            new(Agent, A, "assign", At(0)),
            new(Agent, A, "delete", At(10)),
            new(Agent, B, "assign", At(10.5)),
        ];
        Ownership.Commit[] commits =
        [
            new("Figures:All", HostA, At(1)),
            new("Figures:All", HostA, At(9.9)),
            new("Figures:All", HostB, At(10.6)),
            new("Figures:All", HostB, At(20)),
        ];
        var findings = Ownership.Judge(commits, assignments, Hosts, TimeSpan.FromSeconds(1));
        Assert.Empty(findings.TwoAtOnce);
        Assert.Equal(Agent, findings.Shards["Figures:All"]);
        Assert.Single(findings.Handovers);
    }

    [Fact]
    public void progress_from_a_node_the_shard_was_taken_from_is_two_at_once()
    {
        // A is cut off and ejected (its assignment deleted with its node row), B takes the shard; A comes back and
        // moves it again before it learns.
        Ownership.Assignment[] assignments =
        [
            new(Agent, A, "assign", At(0)),
            new(Agent, A, "delete", At(10)),
            new(Agent, B, "assign", At(11)),
        ];
        Ownership.Commit[] commits =
        [
            new("Figures:All", HostA, At(1)),
            new("Figures:All", HostB, At(12)),
            new("Figures:All", HostA, At(30)),
        ];
        var findings = Ownership.Judge(commits, assignments, Hosts, TimeSpan.FromSeconds(1));
        var finding = Assert.Single(findings.TwoAtOnce);
        Assert.Contains("10.77.1.10", finding);
    }

    [Fact]
    public void progress_of_a_shard_no_node_holds_is_found()
    {
        Ownership.Commit[] commits = [new("Figures:All", HostA, At(1))];
        var findings = Ownership.Judge(commits, [new(Agent, B, "assign", At(0))], Hosts, TimeSpan.FromSeconds(1));
        Assert.Single(findings.TwoAtOnce);
    }
}
