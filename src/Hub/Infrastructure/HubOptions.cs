namespace OneThing.Hub.Infrastructure;

/// <summary>The hub's own settings; environment variables win over appsettings.json.</summary>
public sealed class HubOptions
{
    /// <summary>PostgreSQL connection string (HUB_DATABASE).</summary>
    public required string Database { get; init; }
    public string SeedsFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "seeds");
    public string SchemasFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>When set (hub.sh does in its embedded mode), a key per seeded principal is written there.</summary>
    public string? DevKeysFile { get; init; }

    /// <summary>The hub's own 32-byte key (HUB_SECRET_KEY, base64) that seals webhook secrets; key id
    /// <c>default</c>.</summary>
    public string? SecretKey { get; init; }

    /// <summary>The hub's keys with their ids, the sealing key first (HUB_SECRET_KEYS, "id:base64,id:base64"); set,
    /// it is used instead of <see cref="SecretKey"/> (<see cref="SecretBox.From"/>).</summary>
    public string? SecretKeys { get; init; }

    /// <summary>The blind-index and fingerprint keys (HUB_INDEX_KEY, 64 bytes, base64), kept when sealing keys
    /// rotate; unset, they are derived from the oldest sealing key.</summary>
    public string? IndexKey { get; init; }
    /// <summary>The audit key file (HUB_AUDIT_KEY_FILE, PKCS#8 PEM, made on first start when missing): signs the
    /// audit seals and keys the digests of the documents that grant rights. Outside the database; required.</summary>
    public string? AuditKeyFile { get; init; }

    /// <summary>The audit witness (HUB_AUDIT_WITNESS): the append-only file every seal is published to, outside the
    /// database; required.</summary>
    public string? AuditWitness { get; init; }

    /// <summary>Delays between webhook attempts before a message is dead-lettered (HUB_DELIVERY_RETRIES,
    /// seconds).</summary>
    public IReadOnlyList<TimeSpan> DeliveryRetries { get; init; } =
        new[] { 5, 30, 120, 600, 1800, 3600 }.Select(s => TimeSpan.FromSeconds(s)).ToList();

    /// <summary>How often due scheduled messages (deadlines, retries) are looked for (HUB_SCHEDULE_POLL_MS).</summary>
    public TimeSpan SchedulePolling { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a consumer's exchange request waits for the provider before it answers 202
    /// (HUB_EXCHANGE_WAIT_MS).</summary>
    public TimeSpan ExchangeWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>When an unanswered exchange times out (HUB_EXCHANGE_TIMEOUT_SECONDS).</summary>
    public TimeSpan ExchangeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a proactive draft (免申即享) waits for the applicant's consent before it expires
    /// (HUB_DRAFT_EXPIRY_DAYS).</summary>
    public TimeSpan DraftExpiry { get; init; } = TimeSpan.FromDays(30);

    /// <summary>好差评: the working days a rated department has to reply to a bad rating's rectification
    /// (HUB_RECTIFICATION_DAYS).</summary>
    public int RectificationDays { get; init; } = 15;

    /// <summary>
    /// RabbitMQ (HUB_RABBITMQ, an amqp:// URI). Set, the hub runs as one node of several: work to departments is
    /// shared through RabbitMQ and Wolverine spreads the async projections over the nodes. Unset, one node does it all.
    /// </summary>
    public Uri? RabbitMq { get; init; }
    public bool Clustered => RabbitMq is not null;

    /// <summary>
    /// Whether a message sent to RabbitMQ leaves the outbox only once the broker has confirmed it
    /// (HUB_RABBITMQ_CONFIRMS, true/false). Keep it on: off, a node killed just after a send loses what it sent
    /// (docs/OPERATIONS.md, "The failover loss"). Off exists only to show that loss again (./hub.sh failover-loop).
    /// </summary>
    public bool RabbitMqConfirms { get; init; } = true;

    /// <summary>How often nodes check each other (HUB_NODE_HEALTH_MS); a node silent for four checks is taken as
    /// dead.</summary>
    public TimeSpan NodeHealthCheck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether an append wakes the async daemon at once through LISTEN/NOTIFY (HUB_DAEMON_NOTIFY,
    /// true/false).</summary>
    public bool DaemonNotify { get; init; } = true;

    /// <summary>How often the async daemon looks for new events while busy (HUB_DAEMON_POLL_MS; Marten's default
    /// 250).</summary>
    public TimeSpan DaemonPolling { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether departments may register plain-http webhooks on this machine (HUB_ALLOW_LOOPBACK_WEBHOOKS):
    /// the simulator's, in development and tests. Off by default.</summary>
    public bool AllowLoopbackWebhooks { get; init; }

    /// <summary>How long one webhook attempt may take, the answer's body included (HUB_WEBHOOK_TIMEOUT_MS).</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many webhook attempts one department may have in flight on a node, of the delivery queue's 16
    /// (HUB_WEBHOOK_PARALLEL): a department whose webhook hangs holds no more of the queue than this.</summary>
    public int WebhookParallel { get; init; } = 4;
    /// <summary>How long an issued API key works (HUB_KEY_LIFETIME_DAYS).</summary>
    public TimeSpan KeyLifetime { get; init; } = TimeSpan.FromDays(365);

    /// <summary>How long a rotated key keeps working beside its successor, at most (HUB_KEY_ROTATION_OVERLAP_HOURS);
    /// a rotation may ask for less.</summary>
    public TimeSpan KeyRotationOverlap { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long a licence signing key is valid when its registration names no end, and at most
    /// (HUB_SIGNING_KEY_LIFETIME_DAYS).</summary>
    public TimeSpan SigningKeyLifetime { get; init; } = TimeSpan.FromDays(3 * 365);

    /// <summary>The production bootstrap of governance (HUB_BOOTSTRAP_GOVERNANCE_FILE): while no governance key
    /// works, the hub issues one to <see cref="BootstrapGovernanceDepartment"/> at start-up and writes it there, for
    /// the operator to hand to the first governance officer. Later officers come by two-person approval.</summary>
    public string? BootstrapGovernanceFile { get; init; }

    /// <summary>The unit the bootstrap governance key is for (HUB_BOOTSTRAP_GOVERNANCE_DEPARTMENT).</summary>
    public string BootstrapGovernanceDepartment { get; init; } = "cyberspace-affairs";

    /// <summary>Requests a second per API key, bursts of twice that (HUB_RATE_LIMIT).</summary>
    public int RateLimit { get; init; } = 200;

    /// <summary>How long an acknowledged inbox message is kept (HUB_RETENTION_INBOX_DAYS).</summary>
    public TimeSpan InboxRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long an exchange answer waits for its consumer to pick it up (HUB_RETENTION_PICKUP_DAYS).
    /// </summary>
    public TimeSpan PickupRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long a dead letter waits to be replayed (HUB_RETENTION_DEAD_LETTER_DAYS).</summary>
    public TimeSpan DeadLetterRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Each setting from its variable, or the default above when the variable is not set.</summary>
    public static HubOptions From(IConfiguration config)
    {
        var d = new HubOptions
        {
            Database =
                config["HUB_DATABASE"]
                ?? config.GetConnectionString("hub")
                ?? throw new InvalidOperationException(
                    "Set HUB_DATABASE to a PostgreSQL connection string (./hub.sh run does it for you)."
                ),
        };
        string? Text(string name) => config[name] is { Length: > 0 } value ? value : null;
        TimeSpan? Ms(string name) => int.TryParse(config[name], out var ms) ? TimeSpan.FromMilliseconds(ms) : null;
        bool? Flag(string name) => bool.TryParse(config[name], out var flag) ? flag : null;
        TimeSpan? Days(string name) => double.TryParse(config[name], System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var days) && days > 0
            ? TimeSpan.FromDays(days) : null;
        return new HubOptions
        {
            Database = d.Database,
            SeedsFolder = Text("HUB_SEEDS") ?? d.SeedsFolder,
            SchemasFolder = Text("HUB_SCHEMAS") ?? d.SchemasFolder,
            DevKeysFile = Text("HUB_DEV_KEYS_FILE"),
            SecretKey = Text("HUB_SECRET_KEY"),
            SecretKeys = Text("HUB_SECRET_KEYS"),
            IndexKey = Text("HUB_INDEX_KEY"),
            AuditKeyFile = Text("HUB_AUDIT_KEY_FILE"),
            AuditWitness = Text("HUB_AUDIT_WITNESS"),
            DeliveryRetries =
                Text("HUB_DELIVERY_RETRIES")
                    ?.Split(',')
                    .Select(s =>
                        TimeSpan.FromSeconds(double.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
                    )
                    .ToList()
                ?? d.DeliveryRetries,
            SchedulePolling = Ms("HUB_SCHEDULE_POLL_MS") ?? d.SchedulePolling,
            ExchangeWait = Ms("HUB_EXCHANGE_WAIT_MS") ?? d.ExchangeWait,
            ExchangeTimeout = int.TryParse(config["HUB_EXCHANGE_TIMEOUT_SECONDS"], out var timeout)
                ? TimeSpan.FromSeconds(timeout)
                : d.ExchangeTimeout,
            DraftExpiry = double.TryParse(config["HUB_DRAFT_EXPIRY_DAYS"],
                System.Globalization.CultureInfo.InvariantCulture, out var days)
                ? TimeSpan.FromDays(days)
                : d.DraftExpiry,
            RectificationDays = int.TryParse(config["HUB_RECTIFICATION_DAYS"], out var rectification)
                                && rectification is > 0 and <= 365 ? rectification : d.RectificationDays,
            RabbitMq = Text("HUB_RABBITMQ") is { } mq ? new Uri(mq) : null,
            NodeHealthCheck = Ms("HUB_NODE_HEALTH_MS") ?? d.NodeHealthCheck,
            RabbitMqConfirms = Flag("HUB_RABBITMQ_CONFIRMS") ?? d.RabbitMqConfirms,
            DaemonNotify = Flag("HUB_DAEMON_NOTIFY") ?? d.DaemonNotify,
            DaemonPolling = Ms("HUB_DAEMON_POLL_MS") ?? d.DaemonPolling,
            AllowLoopbackWebhooks = Flag("HUB_ALLOW_LOOPBACK_WEBHOOKS") ?? d.AllowLoopbackWebhooks,
            WebhookTimeout = Ms("HUB_WEBHOOK_TIMEOUT_MS") ?? d.WebhookTimeout,
            WebhookParallel = int.TryParse(config["HUB_WEBHOOK_PARALLEL"], out var lanes)
                ? Math.Clamp(lanes, 1, 16) : d.WebhookParallel,
            RateLimit = int.TryParse(config["HUB_RATE_LIMIT"], out var rate) ? rate : d.RateLimit,
            InboxRetention = Days("HUB_RETENTION_INBOX_DAYS") ?? d.InboxRetention,
            PickupRetention = Days("HUB_RETENTION_PICKUP_DAYS") ?? d.PickupRetention,
            DeadLetterRetention = Days("HUB_RETENTION_DEAD_LETTER_DAYS") ?? d.DeadLetterRetention,
            KeyLifetime = Days("HUB_KEY_LIFETIME_DAYS") ?? d.KeyLifetime,
            KeyRotationOverlap = int.TryParse(config["HUB_KEY_ROTATION_OVERLAP_HOURS"], out var overlap)
                ? TimeSpan.FromHours(overlap) : d.KeyRotationOverlap,
            SigningKeyLifetime = Days("HUB_SIGNING_KEY_LIFETIME_DAYS") ?? d.SigningKeyLifetime,
            BootstrapGovernanceFile = Text("HUB_BOOTSTRAP_GOVERNANCE_FILE"),
            BootstrapGovernanceDepartment = Text("HUB_BOOTSTRAP_GOVERNANCE_DEPARTMENT")
                ?? d.BootstrapGovernanceDepartment,
        };
    }
}
