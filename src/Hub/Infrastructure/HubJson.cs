using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// One JSON dialect for HTTP, seeds and schema checks: camelCase, enums as strings, and strict reading (unknown
/// members, nulls in non-nullable members and missing constructor arguments are errors, so bad input is a 400).
/// </summary>
public static class HubJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.RespectNullableAnnotations = true;
        o.RespectRequiredConstructorParameters = true;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }
}
