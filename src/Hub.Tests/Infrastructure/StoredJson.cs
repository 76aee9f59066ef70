using System.Text.Json.Nodes;

namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>How a stored event compares with today's type written again: the same JSON, but for members added
/// since, which an old event leaves out and today's type writes as its default, null or false (additive, optional
/// members).</summary>
public static class StoredJson
{
    public static bool Same(JsonNode? was, JsonNode? now) => JsonNode.DeepEquals(was, WithoutNewNulls(was, now));

    public static JsonNode? WithoutNewNulls(JsonNode? was, JsonNode? now)
    {
        switch (now)
        {
            case JsonObject o:
                var copy = new JsonObject();
                var old = was as JsonObject;
                foreach (var (key, value) in o)
                    if (old?.ContainsKey(key) == true
                        || value is not null && !(value is JsonValue v && v.TryGetValue<bool>(out var b) && !b))
                        copy[key] = WithoutNewNulls(old?[key], value);
                return copy;
            case JsonArray a:
                var oldItems = was as JsonArray;
                return new JsonArray([.. a.Select((x, i) => WithoutNewNulls(
                    oldItems is not null && i < oldItems.Count ? oldItems[i] : null, x))]);
            default:
                return now?.DeepClone();
        }
    }
}
