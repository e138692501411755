using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace HybridRoutingPortal.Web.Tests.Fuzz;

/// <summary>A request body: its text and the content type it is sent with (null sends none).</summary>
public sealed record FuzzBody(string Text, string? ContentType)
{
    public override string ToString() => $"[{ContentType ?? "no content type"}] {(Text.Length > 400 ? Text[..400] + $"…({Text.Length} chars)" : Text)}";
}

/// <summary>
/// Bodies for an operation from its JSON schema: each property left out, null, of the wrong type or a hostile value;
/// arrays with nulls; unknown properties; and bodies that are not JSON at all (cut short, deeply nested, huge).
/// </summary>
public sealed class HostileBodies(OpenApiSchema schemas, KnownValues known)
{
    private const int MaxDepth = 3;

    public Gen<FuzzBody> For(JsonElement schema)
    {
        var json = Gen.Frequency((3, Typed(schema, 0)), (1, Node(schema, 0))).Select(n => n?.ToJsonString() ?? "null");
        var text = Gen.Frequency(
            (12, json),
            (2, json.Select(Gen.Int[0, 1000], (t, cut) => t[..Math.Min(t.Length, cut)])),
            (2, Gen.OneOf(Malformed)),
            (1, Gen.Int[64, 5_000].Select(n => new string('[', n) + new string(']', n))),
            (1, Gen.Int[100_000, 2_000_000].Select(n => "{\"name\":\"" + new string('x', n) + "\"}")),
            (1, Gen.String));
        var contentType = Gen.Frequency(
            (14, Gen.Const<string?>("application/json")),
            (1, Gen.OneOf<string?>(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
                "application/problem+json", "application/xml", "*/*", "application/json; charset=latin1", "")));
        return text.Select(contentType, (t, c) => new FuzzBody(t, c));
    }

    private static readonly string[] Malformed =
    [
        "", " ", "null", "[]", "{}", "[null]", "[null, null]", "[{}]", "[[]]", "{", "}", "[", "{\"a\":", "\"text\"", "123", "-1", "true", "NaN",
        "{'name':'x'}", "{\"name\":\"x\",}", "{\"name\":\"x\"} trailing", "/* comment */ {}", "{\"name\":\"\\uD800\"}", "\uFEFF{}",
        "{\"name\":\"a\",\"name\":\"b\"}", "{\"$type\":\"System.IO.FileInfo\",\"fileName\":\"/etc/passwd\"}", "{\"__proto__\":{\"admin\":true}}",
        "{\"until\":\"9999-12-31T23:59:59Z\",\"by\":\"x\"}", "{\"until\":\"0001-01-01\",\"by\":\"x\"}", "{\"until\":1e400}", "{\"severity\":99}",
        "{\"severity\":\"Catastrophic\"}", "{\"vantageIds\":[null]}", "{\"vantageIds\":\"one\"}", "[{\"name\":\"n\",\"prefix\":\"10.0.0.0/8\"}]",
    ];

    private Gen<JsonNode?> Node(JsonElement schema, int depth)
    {
        var alternatives = schemas.Alternatives(schema);
        var valid = Gen.OneOf(alternatives.Select(a => Typed(a, depth)).ToArray());
        return Gen.Frequency((6, valid), (2, Wrong(depth)), (1, Gen.Const(() => (JsonNode?)null)));
    }

    private Gen<JsonNode?> Typed(JsonElement schema, int depth)
    {
        schema = schemas.Resolve(schema);
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var values))
        {
            var named = values.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())).ToArray();
            return Gen.Frequency((3, Gen.OneOf(named)), (1, Gen.OneOf<JsonNode?>("critical", "CRITICAL", "Catastrophic", "", 99, -1, 0, 2.5)));
        }

        var types = OpenApiSchema.Types(schema).Where(t => t != "null").ToArray();
        var type = types.FirstOrDefault() ?? (schema.TryGetProperty("properties", out _) ? "object" : "string");
        return type switch
        {
            "object" when depth < MaxDepth && Examples(schema) is { Length: > 0 } examples => Gen.Frequency((1, Object(schema, depth)), (2, FromExample(schema, examples, depth))),
            "object" when depth < MaxDepth => Object(schema, depth),
            "array" when depth < MaxDepth => Array(schema, depth),
            "integer" or "number" => Numbers,
            "boolean" => Gen.Bool.Select(b => (JsonNode?)b),
            "object" or "array" => Wrong(MaxDepth),
            _ => Strings,
        };
    }

    private Gen<JsonNode?> Object(JsonElement schema, int depth)
    {
        var properties = schema.TryGetProperty("properties", out var ps) ? ps.EnumerateObject().Select(p => (p.Name, p.Value)).ToArray() : [];
        Gen<List<(string Name, JsonNode? Value)>> fields = Gen.Const(() => new List<(string, JsonNode?)>());
        foreach (var (name, property) in properties)
        {
            var field = Gen.Frequency((1, Gen.Const<(bool, JsonNode?)>((false, null))), (3, Node(property, depth + 1).Select(v => (true, v))),
                (Seen(name) is { } seen ? 4 : 0, (Seen(name) ?? Gen.Const(() => (JsonNode?)null)).Select(v => (true, v))));
            fields = fields.Select(field, (list, f) =>
            {
                if (f.Item1)
                {
                    list.Add((name, f.Item2));
                }

                return list;
            });
        }

        var extra = Gen.Frequency((6, Gen.Const(() => ((string, JsonNode?)?)null)),
            (1, Gen.OneOf("$type", "__proto__", "id", "Name", "NAME", "unknown", "").Select(Wrong(depth + 1), (k, v) => ((string, JsonNode?)?)(k, v))));
        return fields.Select(extra, (list, e) =>
        {
            var o = new JsonObject();
            foreach (var (name, value) in e is { } x ? list.Append(x) : list)
            {
                o[name] = value?.DeepClone();
            }

            return (JsonNode?)o;
        });
    }

    /// <summary>Objects the app itself answered that carry most of the schema's properties (an exported expectation for an import).</summary>
    private JsonObject[] Examples(JsonElement schema)
    {
        var names = Properties(schema).Select(p => p.Name).ToArray();
        return names.Length == 0 ? []
            : known.Objects.Where(o => names.Count(n => o.Any(p => p.Key.Equals(n, StringComparison.OrdinalIgnoreCase))) * 10 >= names.Length * 6).ToArray();
    }

    /// <summary>
    /// A real object with one property changed (now and then a few): a near miss (padded, upper-cased, cut, doubled),
    /// left out, or replaced by a hostile value. One change at a time keeps the rest valid, so the change is what is tested.
    /// </summary>
    private Gen<JsonNode?> FromExample(JsonElement schema, JsonObject[] examples, int depth)
    {
        var properties = Properties(schema);
        var edit = Gen.Select(Gen.Int[0, properties.Length - 1], Gen.Int[0, 5], Gen.Int[0, 4], (p, action, how) => (Property: p, Action: action, How: how))
            .SelectMany(e => Node(properties[e.Property].Schema, depth + 1).Select(v => (Name: properties[e.Property].Name, e.Action, Value: v, e.How)));
        var edits = Gen.Frequency((1, Gen.Const(0)), (7, Gen.Const(1)), (2, Gen.Int[2, 3])).SelectMany(n => edit.Array[n, n]);
        return Gen.OneOf(examples).Select(edits, (example, list) =>
        {
            var o = (JsonObject)example.DeepClone();
            foreach (var (name, action, value, how) in list)
            {
                var key = o.Select(p => p.Key).FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;
                switch (action)
                {
                    case <= 2 when o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String:
                        o[key] = HostileValues.Mutate(v.GetValue<string>(), how);
                        break;
                    case <= 3:
                        o.Remove(key);
                        break;
                    default:
                        o[key] = value?.DeepClone();
                        break;
                }
            }

            return (JsonNode?)o;
        });
    }

    /// <summary>The same object with its first text property (an id, say) padded, upper-cased, cut or doubled.</summary>
    private static JsonNode NearMiss(JsonObject item, int how)
    {
        var copy = (JsonObject)item.DeepClone();
        if (copy.FirstOrDefault(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String) is { Key: { } key, Value: JsonValue text })
        {
            copy[key] = HostileValues.Mutate(text.GetValue<string>(), how);
        }

        return copy;
    }

    private (string Name, JsonElement Schema)[] Properties(JsonElement schema) =>
        schemas.Resolve(schema) is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("properties", out var ps)
            ? ps.EnumerateObject().Select(p => (p.Name, p.Value)).ToArray()
            : [];

    /// <summary>Values the app itself answered under this property name, as they were or a near miss (padded, upper-cased, cut).</summary>
    private Gen<JsonNode?>? Seen(string name)
    {
        var values = known.Field(name);
        if (values.Count == 0)
        {
            return null;
        }

        return Gen.OneOf(values.ToArray()).Select(Gen.Int[0, 8], (v, how) =>
            (JsonNode?)(how < 4 && v.GetValueKind() == JsonValueKind.String ? JsonValue.Create(HostileValues.Mutate(v.GetValue<string>(), how)) : v.DeepClone()));
    }

    private Gen<JsonNode?> Array(JsonElement schema, int depth)
    {
        var items = schema.TryGetProperty("items", out var i) ? Node(i, depth + 1) : Wrong(depth + 1);
        // Short arrays most of the time, so one odd item is what decides the answer; and an item twice, once as a near miss (a duplicate).
        var twice = items.Select(Gen.Int[0, 4], (item, how) => new[] { item, item is JsonObject o ? NearMiss(o, how) : item });
        return Gen.Frequency((3, items.Array[1, 2]), (1, items.Array[0, 6]), (1, twice)).Select(list => (JsonNode?)new JsonArray(list.Select(n => n?.DeepClone()).ToArray()));
    }

    private Gen<JsonNode?> Strings => Gen.Frequency(
        (4, Gen.OneOf([.. HostileValues.Dates, .. HostileValues.Prefixes, .. HostileValues.Injections, .. HostileValues.Unicode, .. HostileValues.Numbers])),
        (3, Gen.OneOf([.. known.VantageIds, "x", "2026-11-25T10:00:00Z", "10.99.0.0/24", "Critical"])),
        (1, Gen.String),
        (1, Gen.Int[1_000, 100_000].Select(n => new string('a', n)))).Select(s => (JsonNode?)s);

    private static readonly Gen<JsonNode?> Numbers = Gen.OneOf(
        Gen.Int.Select(i => (JsonNode?)i),
        Gen.Long.Select(l => (JsonNode?)l),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)d),
        Gen.OneOf(-1L, 0L, long.MaxValue, long.MinValue).Select(l => (JsonNode?)l),
        Gen.OneOf("1e400", "-0", "18446744073709551616").Select(t => JsonNode.Parse(t)));

    /// <summary>Any JSON value of any type, for a field that expects something else.</summary>
    private Gen<JsonNode?> Wrong(int depth) => depth >= MaxDepth
        ? Gen.OneOf(Numbers, Strings, Gen.Bool.Select(b => (JsonNode?)b), Gen.Const(() => (JsonNode?)null))
        : Gen.OneOf(
            Numbers,
            Strings,
            Gen.Bool.Select(b => (JsonNode?)b),
            Gen.Const(() => (JsonNode?)null),
            Gen.Const<JsonNode?>(() => new JsonObject()),
            Gen.Const<JsonNode?>(() => new JsonArray((JsonNode?)null)),
            Wrong(MaxDepth).Array[0, 4].Select(a => (JsonNode?)new JsonArray(a.Select(n => n?.DeepClone()).ToArray())));
}
