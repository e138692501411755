using System.Text.Json;

namespace HybridRoutingPortal.Web.Tests.Fuzz;

/// <summary>A parameter of an operation as the OpenAPI document declares it (path or query) with its schema.</summary>
public sealed record ApiParameter(string Name, string In, JsonElement Schema)
{
    public bool IsInteger => OpenApiSchema.Types(Schema).Contains("integer");
}

/// <summary>One operation of the app's OpenAPI document: method, path template, parameters and the body's schema.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, JsonElement? Body)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Reads every operation out of the app's own OpenAPI document, so a new endpoint is fuzzed without a test change.</summary>
public static class OpenApiOperations
{
    public static IReadOnlyList<ApiOperation> Read(JsonElement document)
    {
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var parameters = op.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Select(p => new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                        p.TryGetProperty("schema", out var s) ? s : default)).ToArray()
                    : [];
                JsonElement? body = op.Value.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content)
                    && content.EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal)) is { Value.ValueKind: JsonValueKind.Object } json
                    && json.Value.TryGetProperty("schema", out var schema)
                    ? schema : null;
                operations.Add(new ApiOperation(op.Name.ToUpperInvariant(), path.Name, parameters, body));
            }
        }

        return operations;
    }
}

/// <summary>Just enough of JSON Schema (as ASP.NET's OpenAPI writes it) to generate values: $ref, oneOf/anyOf/allOf, type lists, enum.</summary>
public sealed class OpenApiSchema(JsonElement document)
{
    public JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 20 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var r); hops++)
        {
            var target = document;
            foreach (var part in r.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part);
            }

            schema = target;
        }

        return schema;
    }

    public static IReadOnlyList<string> Types(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
    }

    /// <summary>The alternatives a schema allows (oneOf/anyOf/allOf members), or the schema itself.</summary>
    public IReadOnlyList<JsonElement> Alternatives(JsonElement schema)
    {
        schema = Resolve(schema);
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(key, out var list))
            {
                return list.EnumerateArray().Select(Resolve).ToArray();
            }
        }

        return [schema];
    }
}
