using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Kiota.Abstractions;
using OneThing.Contracts;
using Wire = OneThing.Client.Models;

namespace OneThing.Simulator;

/// <summary>
/// What the department systems and front offices do with what the hub sends them: after a delay, accept and
/// complete work (with the results and e-licences their guides promise), now and then ask for a supplement or
/// reject; front offices bring supplements and pass on the applicant's rating.
/// </summary>
public sealed class Behaviour(
    SimulatorOptions options,
    Departments departments,
    HubClient hub,
    Catalog catalog,
    Issuance issuance,
    Providers providers,
    Applicants applicants,
    Population population,
    ILogger<Behaviour> log
) : BackgroundService
{
    // By department as well: a joint service (联办) is worked by each of its units.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, string), WorkItem> _work =
        new();
    private readonly Channel<DepartmentMessage> _inbox = Channel.CreateUnbounded<DepartmentMessage>();
    private readonly Random _random = options.Seed is { } seed ? new LockedRandom(seed) : Random.Shared;
    public int Processed,
        DraftsSubmitted,
        DraftsDeclined;

    // Ratings an applicant was told to give (tests and demos): applicant's id number → level, for the services of
    // their next finished application.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _toldRatings = new();

    public void RateNext(string applicant, string level) => _toldRatings[applicant] = level;

    public void Enqueue(DepartmentMessage message) => _inbox.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await foreach (var message in _inbox.Reader.ReadAllAsync(ct))
            _ = Task.Run(() => Handle(message, ct), ct);
    }

    private async Task Handle(DepartmentMessage message, CancellationToken ct)
    {
        try
        {
            await Task.Delay(Delay(), ct);
            var key = departments.Key(message.Department);
            switch (message.Kind)
            {
                case MessageKinds.WorkItem:
                    await Work(message.Department, key, message.Payload.Deserialize<WorkItem>(HubClient.Json)!, ct);
                    break;
                case MessageKinds.SupplementProvided:
                    var notice = message.Payload.Deserialize<SupplementNotice>(HubClient.Json)!;
                    if (_work.TryGetValue((message.Department, notice.ApplicationId, notice.Service), out var paused))
                        await hub.Outcome(
                            key,
                            notice.ApplicationId,
                            notice.Service,
                            await Complete(message.Department, paused, ct),
                            ct
                        );
                    break;
                case MessageKinds.SupplementRequired:
                    var asked = message.Payload.Deserialize<SupplementNotice>(HubClient.Json)!;
                    await HubClient.Tried(hub.As(key).Applications[asked.ApplicationId].Supplements.PostAsync(
                        Records.To<Wire.ProvideSupplement>(
                            new ProvideSupplement(asked.Service, asked.Items, "申请人已补正")),
                        cancellationToken: ct));
                    break;
                case "exchange-query":
                    var query = message.Payload.Deserialize<ExchangeQuery>(HubClient.Json)!;
                    var reply = new ExchangeReply(await providers.Answer(query.Resource, query.Query, ct));
                    await HubClient.Tried(hub.As(key).Exchanges[query.ExchangeId].Reply.PostAsync(
                        Records.To<Wire.ExchangeReply>(reply), cancellationToken: ct));
                    break;
                case MessageKinds.ApplicationDraft:
                    await Draft(key, message.Payload.Deserialize<ApplicationDraft>(HubClient.Json)!, ct);
                    break;
                case MessageKinds.ApplicationResults:
                    var results = message.Payload.Deserialize<ApplicationResults>(HubClient.Json)!;
                    var rating = new RateApplication(_random.NextDouble() < 0.85 ? 5 : _random.Next(1, 5));
                    await HubClient.Tried(hub.As(key).Applications[results.ApplicationId].Rating.PostAsync(
                        Records.To<Wire.RateApplication>(rating), cancellationToken: ct));
                    await RateServices(key, results, ct);
                    break;
                case MessageKinds.RectificationOpened:
                    await Rectify(key, message.Payload.Deserialize<RectificationNotice>(HubClient.Json)!, ct);
                    break;
                case MessageKinds.RectificationReplied:
                    // 回访: the front office calls the applicant back about the department's reply.
                    var replied = message.Payload.Deserialize<RectificationNotice>(HubClient.Json)!;
                    var resolved = _random.NextDouble() < options.FollowUpResolvedRate;
                    await HubClient.Tried(hub.As(key).Rectifications[replied.RectificationId].FollowUp.PostAsync(
                        Records.To<Wire.FollowUpRectification>(new FollowUpRectification(
                            resolved ? FollowUpResults.Resolved : FollowUpResults.Unresolved,
                            resolved ? "申请人对整改结果满意" : "申请人仍不满意")),
                        cancellationToken: ct));
                    break;
            }
            Interlocked.Increment(ref Processed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(
                "Could not handle {Kind} {Id} for {Department}: {Error}",
                message.Kind,
                message.MessageId,
                message.Department,
                e.Message
            );
        }
    }

    /// <summary>
    /// 一次一评 at the front office: the applicant rates each finished service on the national levels, mostly well;
    /// a share of them (<see cref="SimulatorOptions.BadRatingRate"/>) are 差评 with a comment, which open
    /// rectifications for the rated departments.
    /// </summary>
    private async Task RateServices(string key, ApplicationResults results, CancellationToken ct)
    {
        string? told = null;
        if (!_toldRatings.IsEmpty)
        {
            var status = await Records.From<ApplicationStatus>(
                await hub.As(key).Applications[results.ApplicationId].GetAsync(cancellationToken: ct));
            _toldRatings.TryRemove(status.Applicant.IdNumber, out told);
        }
        foreach (var service in results.Services.Where(s => s.State is ServiceStates.Completed
                     or ServiceStates.Rejected).DistinctBy(s => s.Code))
        {
            var level = told ?? (_random.NextDouble() < options.BadRatingRate
                ? RatingLevels.All[_random.Next(3, 5)]
                : RatingLevels.All[_random.NextDouble() < 0.8 ? 0 : _random.Next(1, 3)]);
            var bad = RatingLevels.IsBad(level);
            var rating = new RateService(level, bad ? "办理时间长,窗口解释不清" : null);
            await HubClient.Tried(hub.As(key).Applications[results.ApplicationId].Services[service.Code].Rating
                .PostAsync(Records.To<Wire.RateService>(rating), cancellationToken: ct));
        }
    }

    /// <summary>
    /// The rated department answers a 差评: most reply with what they changed (整改); a few contest the rating
    /// (<see cref="SimulatorOptions.AppealRate"/>), which the coordinating office decides.
    /// </summary>
    private async Task Rectify(string key, RectificationNotice notice, CancellationToken ct)
    {
        await Task.Delay(Delay(), ct);
        var rectification = hub.As(key).Rectifications[notice.RectificationId];
        if (_random.NextDouble() < options.AppealRate)
            await HubClient.Tried(rectification.Appeal.PostAsync(
                Records.To<Wire.AppealRectification>(
                    new AppealRectification("材料齐全且按时办结,评价与事实不符")),
                cancellationToken: ct));
        else
            await HubClient.Tried(rectification.Reply.PostAsync(
                Records.To<Wire.ReplyToRectification>(
                    new ReplyToRectification("已核实,窗口人员已培训,一次告知到位")),
                cancellationToken: ct));
    }

    /// <summary>
    /// 免申即享 at a front office: the clerk calls the applicant; most agree (consent), give what the draft still
    /// lacks and the office submits it; some do not want it. A draft for a licence this simulator issued for an
    /// application is declined: the family applied already.
    /// </summary>
    private async Task Draft(string key, ApplicationDraft draft, CancellationToken ct)
    {
        var thing = catalog.OneThings.FirstOrDefault(o => o.Code == draft.OneThing);
        var reason = issuance.FromWork(draft.OpenedBy.LicenceId) ? "已通过一件事申请办理"
            : thing is null ? "事项已调整"
            : _random.NextDouble() < options.DraftDeclineRate ? "申请人暂不办理" : null;
        if (reason is not null)
        {
            await HubClient.Tried(hub.As(key).Drafts[draft.DraftId].Decline.PostAsync(
                Records.To<Wire.DeclineDraft>(new DeclineDraft(reason)), cancellationToken: ct));
            Interlocked.Increment(ref DraftsDeclined);
            return;
        }
        // No applicant named (a death certificate): a relative comes forward.
        var (relative, hints) = applicants.For(thing!, _random);
        var applicant = draft.Applicant ?? relative;
        var fields = catalog.FormFields(thing!).ToDictionary(f => f.Code);
        var typed = draft.ToType.Where(fields.ContainsKey).Where(c => c != "applicant-phone")
            .Where(c => draft.Applicant is not null || c is not ("applicant-name" or "applicant-resident-id"))
            .ToDictionary(c => c, c => Typist.Value(fields[c], hints, applicant, population.Today, _random));
        var phone = applicant.Phone ?? $"139{_random.Next(10000000, 99999999)}";
        var submission = new SubmitDraft(true, typed, phone, Applicant: draft.Applicant is null ? applicant : null);
        try
        {
            await hub.As(key).Drafts[draft.DraftId].Submission.PostAsync(Records.To<Wire.SubmitDraft>(submission),
                cancellationToken: ct);
            Interlocked.Increment(ref DraftsSubmitted);
        }
        catch (ApiException e)
        {
            log.LogWarning("Draft {Id} not submitted: {Status} {Problem}", draft.DraftId, e.ResponseStatusCode,
                HubClient.Describe(e));
        }
    }

    private async Task Work(string department, string key, WorkItem work, CancellationToken ct)
    {
        _work[(department, work.ApplicationId, work.Service)] = work;
        var roll = _random.NextDouble();
        var scripted = departments.TakeRejection(department, work);
        if (scripted is not null || roll < options.RejectRate)
        {
            await hub.Outcome(
                key,
                work.ApplicationId,
                work.Service,
                new ServiceOutcome(Outcomes.Rejected, Reasons: [scripted ?? "申请材料与登记信息不一致"]),
                ct
            );
            return;
        }
        await hub.Outcome(key, work.ApplicationId, work.Service, new ServiceOutcome(Outcomes.Accepted), ct);
        // A department told to sit on its work (POST /sim/departments/{code}/hold) completes it once that is over.
        while (departments.HeldFor(department) is { } left)
            await Task.Delay(left, ct);
        if (roll < options.RejectRate + options.SupplementRate)
        {
            await hub.Outcome(
                key,
                work.ApplicationId,
                work.Service,
                new ServiceOutcome(Outcomes.SupplementRequired, Missing: ["申请人近期免冠照片"]),
                ct
            );
            return;
        }
        await Task.Delay(Delay(), ct);
        await hub.Outcome(key, work.ApplicationId, work.Service, await Complete(department, work, ct), ct);
    }

    /// <summary>The results the service's guide promises; a licence is signed and pushed to the hub first, and the
    /// department's register records what the licence registers (a newborn, an enterprise, a death).</summary>
    private async Task<ServiceOutcome> Complete(string department, WorkItem work, CancellationToken ct)
    {
        var result = catalog.ResultOf(work.Service);
        var licenceId = result?.LicenceType is { } type
            ? await issuance.Issue(department, type, work, _random, ct)
            : null;
        var number = $"{DateTime.UtcNow:yyyyMMdd}{_random.Next(100000, 999999)}";
        _work.TryRemove((department, work.ApplicationId, work.Service), out _);
        return new ServiceOutcome(
            Outcomes.Completed,
            "办结",
            Results:
            [
                new ServiceResultDocument(
                    result?.Name ?? "办结通知书",
                    number,
                    licenceId is null ? null : result!.LicenceType,
                    licenceId
                ),
            ]
        );
    }

    public TimeSpan Delay() =>
        options.MinDelay
        + TimeSpan.FromMilliseconds(_random.NextDouble() * (options.MaxDelay - options.MinDelay).TotalMilliseconds);
}

/// <summary>A seeded Random that concurrent handlers share: only Random.Shared is safe across threads.</summary>
internal sealed class LockedRandom(int seed) : Random(seed)
{
    private readonly object _gate = new();

    public override int Next()
    {
        lock (_gate)
            return base.Next();
    }

    public override int Next(int maxValue)
    {
        lock (_gate)
            return base.Next(maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        lock (_gate)
            return base.Next(minValue, maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        lock (_gate)
            return base.NextInt64(minValue, maxValue);
    }

    public override double NextDouble()
    {
        lock (_gate)
            return base.NextDouble();
    }
}
