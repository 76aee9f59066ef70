using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Applications;

/// <summary>
/// The I/O half of the form filling itself: reads the licences and makes the exchanges that
/// <see cref="FormFilling.Asks"/> lists, all at once. A licence fills a field only when it is the holder's one valid
/// licence of its type (revoked, expired or ambiguous ones fill nothing); an exchange only when the provider answers
/// one record in time under a live grant. Everything else leaves the field to the applicant.
/// </summary>
public sealed class FormLookups(SecretBox box, CaseExchanges exchanges, TimeProvider clock)
{
    public async Task<Found> Run(
        OneThingDefinition thing,
        IReadOnlyList<LicenceAsk> licenceAsks,
        IReadOnlyList<ExchangeAsk> exchangeAsks,
        IQuerySession session,
        string by,
        string correlation,
        CancellationToken ct)
    {
        var licences = await Licences(licenceAsks, session, ct);
        if (exchangeAsks.Count == 0) return new Found(licences, new Dictionary<ExchangeAsk, ExchangeFound>());
        var consumer = await DepartmentQueries.CoordinatingOffice(session, ct);
        var answers = await Task.WhenAll(exchangeAsks.Select(ask => Exchange(thing, ask, consumer, session, by,
            correlation, ct)));
        return new Found(licences, exchangeAsks.Zip(answers).ToDictionary(x => x.First, x => x.Second));
    }

    private async Task<Dictionary<LicenceAsk, LicenceFound>> Licences(IReadOnlyList<LicenceAsk> asks,
        IQuerySession session, CancellationToken ct)
    {
        if (asks.Count == 0) return [];
        var keys = asks.Select(a => box.Blind(a.Holder)).Distinct().ToArray();
        var types = asks.Select(a => a.Type).Distinct().ToArray();
        var held = await session.Query<LicenceView>()
            .Where(l => l.HolderKey.IsOneOf(keys) && l.Type.IsOneOf(types)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return asks.ToDictionary(a => a, a =>
        {
            var valid = held.Where(l => l.Type == a.Type && l.Document.Holder.IdNumber == a.Holder
                                        && l.Status(now) == LicenceStatuses.Valid).ToList();
            return valid.Count switch
            {
                0 => new LicenceFound(null, $"No valid {a.Type} is held."),
                1 => new LicenceFound(new HeldLicence(valid[0].Id, valid[0].Type, valid[0].Number,
                    valid[0].Document.Holder, valid[0].Document.Fields)),
                _ => new LicenceFound(null, $"{valid.Count} valid licences of {a.Type}: which is meant is the "
                                            + "applicant's to say."),
            };
        });
    }

    private async Task<ExchangeFound> Exchange(OneThingDefinition thing, ExchangeAsk ask, string? consumer,
        IQuerySession session, string by, string correlation, CancellationToken ct)
    {
        var grant = consumer is null ? null
            : await CaseGrants.Find(session, consumer, thing.Code, thing.Name, ask.Resource, ct);
        if (grant is null) return new ExchangeFound(null, null, $"No grant of {ask.Resource} for {thing.Code}.");
        var answer = await exchanges.Ask(grant.Id, new Dictionary<string, string> { [ask.Key] = ask.Value },
            grant.Fields, consumer!, by, correlation, ct);
        return answer switch
        {
            { Problem: { } problem } => new ExchangeFound(answer.ExchangeId, null, problem),
            { Records.Count: 1 } => new ExchangeFound(answer.ExchangeId, answer.Records[0]),
            { Records.Count: 0 } => new ExchangeFound(answer.ExchangeId, null, "The provider holds no record."),
            _ => new ExchangeFound(answer.ExchangeId, null,
                $"{answer.Records.Count} records: which is meant is the applicant's to say."),
        };
    }
}
