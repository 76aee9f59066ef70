using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// One JSON dialect for HTTP, seeds and schema checks: camelCase, enums as strings, and strict reading (unknown
/// members, nulls in non-nullable members and missing constructor arguments are errors, so bad input is a 400).
/// </summary>
public static class HubJson
{
    public static readonly JsonSerializerOptions Options = Configure(
        new JsonSerializerOptions(JsonSerializerDefaults.Web)
    );

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // The schemas say integer: "12" is a client's mistake to be told, not a number to guess (the web defaults
        // read numbers from strings).
        o.NumberHandling = JsonNumberHandling.Strict;
        o.RespectNullableAnnotations = true;
        o.RespectRequiredConstructorParameters = true;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.Converters.Add(new TextWithoutNul());
        return o;
    }

    /// <summary>
    /// PostgreSQL keeps no NUL in text or jsonb: a request carrying one would fail at the database as a 500 (or, in a
    /// query, match nothing by accident), so reading refuses it as bad input.
    /// </summary>
    private sealed class TextWithoutNul : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) =>
            Checked(reader.GetString());

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);

        public override string ReadAsPropertyName(
            ref Utf8JsonReader reader,
            Type type,
            JsonSerializerOptions options
        ) => Checked(reader.GetString())!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);

        private static string? Checked(string? text) =>
            text?.Contains('\0') == true
                ? throw new JsonException("Text may not contain the NUL character (U+0000).")
                : text;
    }
}
