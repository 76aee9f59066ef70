namespace OneThing.Contracts;

/// <summary>One page of a list (API.md, "Routes added in round 2"): the rows in the list's stable order, and the
/// cursor to pass as <c>?after=</c> for the next page, null on the last one (written as null, not left out: the
/// contract's <c>{ "items": [...], "next": null }</c>; the default lets a last page be made without one).</summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    string? Next = null);
