namespace OneThing.Simulator;

/// <summary>How the simulated department systems behave; every setting has an environment variable.</summary>
public sealed record SimulatorOptions
{
    // SIM_HUB: one hub, or its nodes (a,b) as behind a load balancer
    public required IReadOnlyList<Uri> Hubs { get; init; }
    public required Uri Self { get; init; } // SIM_SELF: where the hub reaches our webhooks
    public required string KeysFile { get; init; } // SIM_KEYS: the hub's dev-keys.json
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(200); // SIM_DELAY_MS=min-max
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(1500);
    public double SupplementRate { get; init; } = 0.05; // SIM_SUPPLEMENT_RATE
    public double RejectRate { get; init; } = 0.03; // SIM_REJECT_RATE
    public double DraftDeclineRate { get; init; } = 0.1; // SIM_DRAFT_DECLINE_RATE: drafts the applicant refuses
    public double BadRatingRate { get; init; } = 0.05; // SIM_BAD_RATING_RATE: services rated 不满意 or worse
    public double AppealRate { get; init; } = 0.2; // SIM_APPEAL_RATE: rectifications the department appeals
    // SIM_FOLLOW_UP_RESOLVED_RATE: follow-ups (回访) that find the applicant content
    public double FollowUpResolvedRate { get; init; } = 0.8;
    // SIM_INBOX=tax,water (pull instead of webhook)
    public IReadOnlySet<string> InboxDepartments { get; init; } = new HashSet<string>();
    public double DemoPerSecond { get; init; } // SIM_DEMO_RATE: applications a second, 0 = none
    public int? Seed { get; init; } // SIM_SEED, for repeatable runs

    // SIM_POPULATION: about how many residents (with enterprises, homes and records in proportion); a few dozen
    // make a quick start for tests, the default a lively demo.
    public int PopulationSize { get; init; } = 200;
    public int PushConcurrency { get; init; } = 8; // SIM_PUSH_CONCURRENCY: licence pushes at once at start

    /// <summary>The population is the same in every run unless SIM_SEED says otherwise.</summary>
    public int PopulationSeed => Seed ?? PopulationGenerator.DefaultSeed;

    public static SimulatorOptions From(IConfiguration c)
    {
        var delay = (c["SIM_DELAY_MS"] ?? "200-1500").Split('-').Select(double.Parse).ToArray();
        return new SimulatorOptions
        {
            Hubs = (c["SIM_HUB"] ?? "http://127.0.0.1:5080")
                .Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(u => new Uri(u))
                .ToList(),
            Self = new Uri(c["SIM_SELF"] ?? "http://127.0.0.1:5090"),
            KeysFile = c["SIM_KEYS"] ?? ".hub/dev-keys.json",
            MinDelay = TimeSpan.FromMilliseconds(delay[0]),
            MaxDelay = TimeSpan.FromMilliseconds(delay.Length > 1 ? delay[1] : delay[0]),
            SupplementRate = double.TryParse(c["SIM_SUPPLEMENT_RATE"], out var s) ? s : 0.05,
            RejectRate = double.TryParse(c["SIM_REJECT_RATE"], out var r) ? r : 0.03,
            DraftDeclineRate = double.TryParse(c["SIM_DRAFT_DECLINE_RATE"], out var dr) ? dr : 0.1,
            BadRatingRate = double.TryParse(c["SIM_BAD_RATING_RATE"], out var br) ? br : 0.05,
            AppealRate = double.TryParse(c["SIM_APPEAL_RATE"], out var ar) ? ar : 0.2,
            FollowUpResolvedRate = double.TryParse(c["SIM_FOLLOW_UP_RESOLVED_RATE"], out var fr) ? fr : 0.8,
            InboxDepartments = (c["SIM_INBOX"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            DemoPerSecond = double.TryParse(c["SIM_DEMO_RATE"], out var d) ? d : 0,
            Seed = int.TryParse(c["SIM_SEED"], out var seed) ? seed : null,
            PopulationSize = int.TryParse(c["SIM_POPULATION"], out var size) ? Math.Clamp(size, 10, 100_000) : 200,
            PushConcurrency = int.TryParse(c["SIM_PUSH_CONCURRENCY"], out var push) ? Math.Clamp(push, 1, 64) : 8,
        };
    }
}
