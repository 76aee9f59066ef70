using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Sharing.QualityReports;

/// <summary>GET /api/quality-reports: a provider finds the reports it must answer, a consumer its own.</summary>
public sealed class listing_quality_reports(HubFixture hub)
    : SharingListChecks<QualityReportView, QualityReportStatus>(hub)
{
    protected override string Url => "/api/quality-reports";
    protected override string List => ListQualityReportsEndpoint.List;
    protected override IReadOnlyList<string> States => ListQualityReportsEndpoint.States;
    protected override string IdOf(QualityReportStatus item) => item.Id;

    protected override (string, string, string, string) PartiesOf(QualityReportStatus item) =>
        (item.Consumer, item.Provider, item.Resource, item.State);

    protected override QualityReportView View(SeededRow row) => new()
    {
        Id = row.Id,
        Status = new QualityReportStatus(row.Id, Guid.NewGuid().ToString(), row.Resource, row.Provider, row.Consumer,
            row.State, "姓名与身份证不符", row.At, row.At.AddDays(5)),
    };
}
