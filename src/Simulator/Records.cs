using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace OneThing.Simulator;

/// <summary>
/// Between the simulator's own records (the shapes its population, licences and webhook receiver work with) and
/// the client's models. The conversion goes through JSON as the OpenAPI document describes it: a member the
/// document leaves out, or types wrongly, does not survive it, so the simulated flows fail where a department
/// system's generated client would.
/// </summary>
public static class Records
{
    private static readonly ConcurrentDictionary<Type, Delegate> Factories = new();

    static Records()
    {
        SerializationWriterFactoryRegistry.DefaultInstance.ContentTypeAssociatedFactories
            .TryAdd("application/json", new JsonSerializationWriterFactory());
        ParseNodeFactoryRegistry.DefaultInstance.ContentTypeAssociatedFactories
            .TryAdd("application/json", new JsonParseNodeFactory());
    }

    /// <summary>The client's model of a record the simulator made.</summary>
    public static T To<T>(object record) where T : IParsable =>
        new JsonParseNode(JsonSerializer.SerializeToElement(record, record.GetType(), HubClient.Json))
            .GetObjectValue(Factory<T>())!;

    /// <summary>The simulator's record of what the hub answered.</summary>
    public static async Task<T> From<T>(IParsable? model)
    {
        ArgumentNullException.ThrowIfNull(model, "the hub's answer");
        var json = await KiotaJsonSerializer.SerializeAsStringAsync(model, serializeOnlyChangedValues: false);
        return JsonSerializer.Deserialize<T>(json, HubClient.Json)!;
    }

    /// <summary>Each list of the answer, as the simulator's records.</summary>
    public static async Task<List<T>> From<T>(IEnumerable<IParsable>? models)
    {
        var list = new List<T>();
        foreach (var model in models ?? []) list.Add(await From<T>(model));
        return list;
    }

    // Kiota gives every model a static CreateFromDiscriminatorValue; the generic caller has no other way to it.
    private static ParsableFactory<T> Factory<T>() where T : IParsable =>
        (ParsableFactory<T>)Factories.GetOrAdd(typeof(T), t => Delegate.CreateDelegate(typeof(ParsableFactory<T>),
            t.GetMethod("CreateFromDiscriminatorValue", BindingFlags.Public | BindingFlags.Static)!));
}
