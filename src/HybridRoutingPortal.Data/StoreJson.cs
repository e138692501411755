using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridRoutingPortal.Data;

internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
