using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Departments;

public sealed record DepartmentRegistered(
    string Code,
    string Name,
    string FullName,
    string Kind,
    string Level,
    string? District,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    string? DivisionCode = null);

/// <summary>What other commands decide on about a unit (which keys it may hold); aggregated live from its stream.
/// </summary>
public sealed record DepartmentState(string Id, string Code, string Kind)
{
    public static DepartmentState Create(IEvent<DepartmentRegistered> e) => new(e.StreamKey!, e.Data.Code, e.Data.Kind);

    public static Task<DepartmentState?> LoadAsync(IQuerySession session, string code, CancellationToken ct) =>
        session.Events.AggregateStreamAsync<DepartmentState>(DepartmentView.StreamKey(code), token: ct);
}

/// <summary>The registry entry of one unit; its stream is <c>department/{code}</c>.</summary>
public sealed class DepartmentView
{
    public string Id { get; set; } = "";
    public Department Department { get; set; } = null!;
    public DateTimeOffset RegisteredAt { get; set; }

    public static string StreamKey(string code) => $"department/{code}";
}

public sealed class DepartmentProjection : SingleStreamProjection<DepartmentView, string>
{
    public static DepartmentView Create(IEvent<DepartmentRegistered> e) => new()
    {
        Id = e.StreamKey!,
        Department = new Department(
            e.Data.Code, e.Data.Name, e.Data.FullName, e.Data.Kind, e.Data.Level, e.Data.District,
            e.Data.DivisionCode),
        RegisteredAt = e.Data.RegisteredAt,
    };

    public static void Apply(DepartmentUpdated e, DepartmentView view) =>
        view.Department = view.Department with
        {
            Name = e.Name, FullName = e.FullName, District = e.District, DivisionCode = e.DivisionCode,
        };
}
