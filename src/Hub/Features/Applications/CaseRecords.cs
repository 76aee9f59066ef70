using OneThing.Contracts;

namespace OneThing.Hub.Features.Applications;

/// <summary>The edge between the public contracts and what the events store: one mapping each way.</summary>
public static class CaseRecords
{
    public static CaseApplicant ToCase(this Applicant a) => new(a.Kind, a.IdNumber, a.Name, a.Phone);
    public static Applicant ToContract(this CaseApplicant a) => new(a.Kind, a.IdNumber, a.Name, a.Phone);

    public static CaseDelivery ToCase(this ResultDelivery d) => new(d.Method, d.Address);
    public static ResultDelivery ToContract(this CaseDelivery d) => new(d.Method, d.Address);

    public static CaseSparedMaterial ToCase(this SparedMaterial m) =>
        new(m.Code, m.Name,
            new CaseMaterialSource(m.SuppliedBy.LicenceType, m.SuppliedBy.Resource, m.SuppliedBy.FromService));

    public static SparedMaterial ToContract(this CaseSparedMaterial m) =>
        new(m.Code, m.Name,
            new MaterialSource(m.SuppliedBy.LicenceType, m.SuppliedBy.Resource, m.SuppliedBy.FromService));

    public static CaseDocument ToCase(this ServiceResultDocument d) =>
        new(d.Name, d.Number, d.LicenceType, d.LicenceId);
    public static ServiceResultDocument ToContract(this CaseDocument d) =>
        new(d.Name, d.Number, d.LicenceType, d.LicenceId);

    public static WorkMaterial ToContract(this CaseMaterial m) =>
        new(m.Code, m.Name, m.Source, m.Document?.ToContract(), m.MaterialId, m.ExchangeId);

    public static List<CaseDocument> ToCase(this IEnumerable<ServiceResultDocument> results) =>
        [.. results.Select(ToCase)];
    public static List<ServiceResultDocument> ToContract(this IEnumerable<CaseDocument> results) =>
        [.. results.Select(ToContract)];

    public static FieldSource ToSource(this CaseFormValue v) =>
        new(v.Kind, v.LicenceType, v.LicenceId, v.Resource, v.ExchangeId, v.Service, v.Field);
}
