using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OneThing.Contracts;
using Wire = OneThing.Client.Models;

namespace OneThing.Simulator;

/// <summary>Every department system the simulator plays: its key, its webhook secret, whether it is down.</summary>
public sealed class Departments(SimulatorOptions options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _downUntil = new(), _heldUntil = new();
    private readonly List<Rejection> _rejections = [];

    /// <summary>Work items to reject: of this department, this service and applicant where given.</summary>
    private sealed record Rejection(string Department, string? Service, string? Applicant, string Reason)
    {
        public bool Covers(string department, WorkItem work) =>
            Department == department && (Service is null || Service == work.Service)
            && (Applicant is null || Applicant == work.Applicant.IdNumber);
    }
    private readonly ConcurrentDictionary<Guid, byte> _seen = new();
    private readonly ConcurrentDictionary<string, WebhookReceiver> _receivers = new();
    private DevKeys? _keys;
    private Dictionary<string, Department> _registry = [];

    public DevKeys Keys => _keys ??= DevKeys.Read(options.KeysFile);
    public Dictionary<string, string> Secrets { get; } = [];
    public int Received,
        Duplicates,
        Refused;

    public string Key(string department) => Keys.Departments[department];

    /// <summary>The registry's units, for the full names that go on the licences they issue.</summary>
    public async Task LoadRegistry(HubClient hub, CancellationToken ct) =>
        _registry = (await Records.From<DepartmentRegistry>(
                await hub.As(Keys.Coordinator).Departments.GetAsync(cancellationToken: ct)))
            .Departments.ToDictionary(d => d.Code);

    public string FullName(string department) =>
        _registry.TryGetValue(department, out var d) ? d.FullName : department;

    public string Secret(string department)
    {
        lock (Secrets)
            return Secrets.TryGetValue(department, out var s)
                ? s
                : Secrets[department] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    }

    public void Down(string department, TimeSpan for_) => _downUntil[department] = DateTimeOffset.UtcNow + for_;

    public bool IsDown(string department) =>
        _downUntil.TryGetValue(department, out var until) && until > DateTimeOffset.UtcNow;

    /// <summary>The department rejects the next <paramref name="count"/> work items it receives (of a service, of
    /// an applicant, when given), with this reason.</summary>
    public void Reject(string department, int count, string reason, string? service, string? applicant)
    {
        lock (_rejections)
            for (var i = 0; i < count; i++)
                _rejections.Add(new Rejection(department, service, applicant, reason));
    }

    public string? TakeRejection(string department, WorkItem work)
    {
        lock (_rejections)
        {
            var i = _rejections.FindIndex(r => r.Covers(department, work));
            if (i < 0)
                return null;
            var reason = _rejections[i].Reason;
            _rejections.RemoveAt(i);
            return reason;
        }
    }

    /// <summary>The department accepts its work but completes none of it for a while (an overdue service).</summary>
    public void Hold(string department, TimeSpan for_) => _heldUntil[department] = DateTimeOffset.UtcNow + for_;

    public TimeSpan? HeldFor(string department) =>
        _heldUntil.TryGetValue(department, out var until) && until > DateTimeOffset.UtcNow
            ? until - DateTimeOffset.UtcNow
            : null;

    /// <summary>What a careful receiver does: check the signature and its timestamp (the documented check of
    /// docs/WEBHOOKS.md), then drop what it has seen before.</summary>
    public bool Accept(string department, byte[] body, string? timestamp, string? signature, Guid messageId)
    {
        var receiver = _receivers.GetOrAdd(department, d => new WebhookReceiver(Secret(d)));
        switch (receiver.Check(timestamp, signature, messageId, body))
        {
            case WebhookCheck.Accepted:
                Interlocked.Increment(ref Received);
                // Beyond the receiver's window too: the simulator's work must be done once whenever a copy comes.
                if (_seen.TryAdd(messageId, 0))
                    return true;
                Interlocked.Increment(ref Duplicates);
                return false;
            case WebhookCheck.Duplicate:
                Interlocked.Increment(ref Received);
                Interlocked.Increment(ref Duplicates);
                return false;
            default:
                Interlocked.Increment(ref Refused);
                return false;
        }
    }

    /// <summary>Chooses webhook (or inbox) for every department, as each department system would on its first
    /// start.</summary>
    public async Task RegisterChannels(HubClient hub, CancellationToken ct)
    {
        foreach (var (code, key) in Keys.Departments)
        {
            var settings = options.InboxDepartments.Contains(code)
                ? new DeliverySettings(DeliveryModes.Inbox)
                : new DeliverySettings(
                    DeliveryModes.Webhook,
                    new Uri(options.Self, $"/webhooks/{code}").ToString(),
                    Secret(code)
                );
            await hub.As(key).Departments[code].Delivery.PutAsync(Records.To<Wire.DeliverySettings>(settings),
                cancellationToken: ct);
        }
    }
}
