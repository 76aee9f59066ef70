using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Sharing.Exchanges;
using static OneThing.Hub.Tests.Sharing.Deciding;

namespace OneThing.Hub.Tests.Sharing.QualityReports;

public sealed class quality_report_decisions
{
    public static QualityReport Open() => QualityReport.Create(new QualityReported("q-1", "x-1", "household-record",
        "public-security", "civil-affairs", "wrong", ["name"], Now.AddDays(7), "c", Now));

    [Fact]
    public void a_report_evolves_through_answer_breach_dispute_and_ruling()
    {
        Assert.Equal((QualityState.Open, "open"), (Open().State, Open().StateName));
        Assert.Equal("accepted", Open().Apply(new QualityReportAnswered("q-1", true, "ok", "p", Now)).StateName);
        var contested = Open().Apply(new QualityReportAnswered("q-1", false, "no", "p", Now));
        Assert.Equal("contested-by-provider", contested.StateName);
        Assert.Equal("disputed", contested.Apply(new QualityReportDisputed("q-1", "d-1", Now)).StateName);
        Assert.Equal("upheld", contested.Apply(new QualityReportUpheld("q-1", "d-1", "stands", Now)).StateName);
        Assert.Equal("correction-ordered", contested.Apply(new QualityCorrectionOrdered("q-1", "d-1", "fix",
            Now)).StateName);
        Assert.True(Open().Apply(new QualityReportBreached("q-1", "p", Now, Now)).Breached);
    }

    [Fact]
    public void only_the_consumer_reports_on_its_exchange_and_the_provider_gets_a_deadline()
    {
        Fine(ReportQualityEndpoint.Validate(exchange_decisions.Routed(),
            Department("civil-affairs")));
        Problem(403, ReportQualityEndpoint.Validate(exchange_decisions.Routed(),
            Department("tax")));
        Assert.Null(RequestShape.Status(new ReportQuality("wrong")));
        Assert.Equal(400, RequestShape.Status(new ReportQuality("")));
        var (result, start, messages) = ReportQualityEndpoint.Post(new ReportQuality("wrong", ["name"]),
            exchange_decisions.Routed(),
            Department("civil-affairs"), Http(), Clock(), new WorkingCalendar([], []));
        Assert.Equal("open", Value<QualityReportStatus>(result).State);
        var reported = Assert.IsType<QualityReported>(Assert.Single(start.Events));
        Assert.Equal(("x-1", "public-security"), (reported.Exchange, reported.Provider));
        Assert.Equal([("public-security", "share-quality-report")], Notices(messages));
        Assert.Equal(reported.DueAt, Sent<QualityAnswerDue>(messages).Single().DueAt);
    }

    [Fact]
    public void only_the_provider_answers_an_open_report()
    {
        var provider = Department("public-security");
        Fine(AnswerQualityReportEndpoint.Validate(Open(), provider));
        Problem(403, AnswerQualityReportEndpoint.Validate(Open(),
            Department("civil-affairs")));
        Problem(409, AnswerQualityReportEndpoint.Validate(
            Open() with { State = QualityState.Accepted }, provider));
        Assert.Equal(400, RequestShape.Status(new AnswerQualityReport(false, "")));
        var (_, events, messages) = AnswerQualityReportEndpoint.Post(new AnswerQualityReport(false, "no"), Open(),
            provider, Http(), Clock());
        Assert.False(Assert.IsType<QualityReportAnswered>(Assert.Single(events)).Accepted);
        Assert.Equal([("civil-affairs", "share-quality-contested")], Notices(messages));
    }

    [Fact]
    public void a_report_left_open_past_its_deadline_is_a_breach_once()
    {
        var due = new QualityAnswerDue("q-1", Now.AddDays(7));
        var (events, messages) = QualityAnswerDueHandler.Decide(due, Open(), Now.AddDays(8), "c");
        Assert.IsType<QualityReportBreached>(Assert.Single(events));
        Assert.Equal([("government-services", "share-deadline-breached")], Notices(messages));
        Assert.Empty(QualityAnswerDueHandler.Decide(due, Open() with { Breached = true }, Now.AddDays(8), "c").Item1);
        Assert.Empty(QualityAnswerDueHandler.Decide(due, Open(), Now, "c").Item1);
    }
}
