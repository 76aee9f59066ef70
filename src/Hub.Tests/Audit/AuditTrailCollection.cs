namespace OneThing.Hub.Tests.Audit;

/// <summary>
/// The tests that tamper with the audit tables (and restore them) run one after the other: a verification in one must
/// not see the other's edit.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AuditTrailCollection
{
    public const string Name = "audit trail";
}
