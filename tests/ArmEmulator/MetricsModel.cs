using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridRoutingPortal.Demo.Signals;
using Microsoft.AspNetCore.Http;

namespace ArmEmulator;

/// <summary>A platform metric as Azure Monitor defines it for a resource type: its one supported aggregation, dimensions and grains.</summary>
public sealed record MetricDefinition(string Name, string Unit, string Aggregation, IReadOnlyList<string> Dimensions, IReadOnlyList<TimeSpan> Grains);

/// <summary>
/// Azure Monitor's metrics for the emulated estate: Metrics_List on each resource (an ARM read) and the regional batch
/// API (metrics:getBatch, not an ARM read), answering from the estate's metric samples as they would have landed:
/// sampled every <see cref="SampleStep"/>, each sample <see cref="IngestionDelay"/> late, so the newest point is partial.
/// Stricter than Azure: it refuses metric names, aggregations, grains, dimensions and query parameters it does not
/// know, a filter it cannot read, a top without a filter, and a batch that mixes subscriptions or types or exceeds 50.
/// </summary>
public sealed partial class MetricsModel(EmulatedEstate estate)
{
    public const string ApiVersion = "2024-02-01";
    public const int MaxBatchResources = 50;

    private static readonly TimeSpan[] Fine = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];
    private static readonly TimeSpan[] Coarse = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];
    private static readonly TimeSpan[] OneMinuteOnly = [TimeSpan.FromMinutes(1)];

    /// <summary>What each resource type defines (learn.microsoft.com "Supported metrics for …", the metrics the portal reads and their neighbours).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<MetricDefinition>> Definitions = new Dictionary<string, IReadOnlyList<MetricDefinition>>(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Network/virtualHubs"] =
        [
            new("BgpPeerStatus", "Count", "Maximum", ["routeserviceinstance", "bgppeerip", "bgppeertype"], Fine),
            new("CountOfRoutesAdvertisedToPeer", "Count", "Maximum", ["routeserviceinstance", "bgppeerip", "bgppeertype"], Fine),
            new("CountOfRoutesLearnedFromPeer", "Count", "Maximum", ["routeserviceinstance", "bgppeerip", "bgppeertype"], Fine),
            new("RoutingInfrastructureUnits", "Count", "Maximum", [], Fine),
        ],
        ["Microsoft.Network/expressRouteCircuits"] =
        [
            new("ArpAvailability", "Percent", "Average", ["PeeringType", "Peer"], OneMinuteOnly),
            new("BgpAvailability", "Percent", "Average", ["PeeringType", "Peer"], OneMinuteOnly),
            new("BitsInPerSecond", "BitsPerSecond", "Average", ["PeeringType", "DeviceRole"], OneMinuteOnly),
            new("BitsOutPerSecond", "BitsPerSecond", "Average", ["PeeringType", "DeviceRole"], OneMinuteOnly),
        ],
        ["Microsoft.Network/virtualNetworkGateways"] =
        [
            new("ExpressRouteGatewayCountOfRoutesAdvertisedToPeer", "Count", "Maximum", ["roleInstance", "BgpPeerAddress"], Coarse),
            new("ExpressRouteGatewayCountOfRoutesLearnedFromPeer", "Count", "Maximum", ["roleInstance", "BgpPeerAddress"], Coarse),
            new("ExpressRouteGatewayFrequencyOfRoutesChanged", "Count", "Total", ["roleInstance"], Coarse),
        ],
    };

    private static readonly HashSet<string> ListParameters = new(StringComparer.Ordinal)
    {
        "api-version", "metricnamespace", "metricnames", "timespan", "interval", "aggregation", "$filter", "top", "orderby",
    };

    private static readonly HashSet<string> BatchParameters = new(StringComparer.Ordinal)
    {
        "api-version", "metricnamespace", "metricnames", "starttime", "endtime", "interval", "aggregation", "filter", "top", "orderby",
    };

    /// <summary>How late a sample lands (Azure: "within a couple of minutes").</summary>
    public TimeSpan IngestionDelay { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan SampleStep { get; set; } = MetricSampling.DefaultStep;

    /// <summary>The region this batch endpoint serves (Azure's are regional); null: the region of the first resource asked about.</summary>
    public string? BatchRegion { get; set; }

    /// <summary>When set, the batch API answers every request with this status (529: throttled).</summary>
    public int? BatchStatus { get; set; }

    /// <summary>The Authorization header of every batch request (null when none), to check which token was sent there.</summary>
    public ConcurrentQueue<string?> BatchAuthorizations { get; } = new();

    /// <summary>Batch requests answered ("POST /path?query").</summary>
    public ConcurrentQueue<string> BatchRequests { get; } = new();

    private DateTimeOffset Now => estate.MetricsClock.GetUtcNow();

    public static bool IsMetricsPath(string path) => MetricsPath().IsMatch(path);

    public static bool IsBatchPath(string path) => BatchPath().IsMatch(path);

    /// <summary>Metrics_List: GET {resourceUri}/providers/Microsoft.Insights/metrics.</summary>
    public async Task ListAsync(HttpContext context, string path)
    {
        var resourceId = MetricsPath().Match(path).Groups[1].Value;
        var query = context.Request.Query;
        if (Unknown(query.Keys, ListParameters) is { } unknown)
        {
            await BadRequestAsync(context, $"Query parameter '{unknown}' is not a parameter of Metrics_List.");
            return;
        }

        if (estate.Get(resourceId) is not { } resource)
        {
            await ErrorAsync(context, 404, "ResourceNotFound", $"The resource '{resourceId}' was not found.");
            return;
        }

        var type = (string)resource["type"]!;
        if (ParseQuery(query["api-version"], query["metricnamespace"], query["metricnames"], query["aggregation"], query["interval"], query["$filter"], query["top"], type) is not { } parsed)
        {
            await BadRequestAsync(context, _lastError);
            return;
        }

        if (!TryTimespan(query["timespan"], out var start, out var end))
        {
            await BadRequestAsync(context, "timespan must be 'start/end' in ISO 8601 with start before end.");
            return;
        }

        var body = new JsonObject
        {
            ["cost"] = 0, ["timespan"] = $"{Iso(start)}/{Iso(end)}", ["interval"] = System.Xml.XmlConvert.ToString(parsed.Grain),
            ["namespace"] = type.ToLowerInvariant(), ["resourceregion"] = (string?)resource["location"] ?? "westeurope",
            ["value"] = Metrics(resourceId, parsed, start, end),
        };
        await JsonAsync(context, 200, body);
    }

    /// <summary>metrics:getBatch: POST /subscriptions/{subscriptionId}/metrics:getBatch with {"resourceids": [...]}.</summary>
    public async Task BatchAsync(HttpContext context, string path)
    {
        var request = context.Request;
        BatchRequests.Enqueue($"POST {path}{request.QueryString.Value}");
        BatchAuthorizations.Enqueue(request.Headers.Authorization.FirstOrDefault());
        if (BatchStatus is { } status)
        {
            await ErrorAsync(context, status, status == 529 ? "TooManyRequests" : "Error", "The metrics batch API is not answering.");
            return;
        }

        var subscription = BatchPath().Match(path).Groups[1].Value;
        var query = request.Query;
        if (Unknown(query.Keys, BatchParameters) is { } unknown)
        {
            await BadRequestAsync(context, $"Query parameter '{unknown}' is not a parameter of metrics:getBatch.");
            return;
        }

        string? ns = query["metricnamespace"];
        if (string.IsNullOrEmpty(ns) || !Definitions.ContainsKey(ns))
        {
            await BadRequestAsync(context, "metricnamespace is required and must be a namespace with metrics.");
            return;
        }

        if (ParseQuery(query["api-version"], ns, query["metricnames"], query["aggregation"], query["interval"], query["filter"], query["top"], ns) is not { } parsed)
        {
            await BadRequestAsync(context, _lastError);
            return;
        }

        if (!TryMoment(query["starttime"], out var start) || !TryMoment(query["endtime"], out var end) || end <= start)
        {
            await BadRequestAsync(context, "starttime and endtime are required, ISO 8601, start before end.");
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            await BadRequestAsync(context, "The body is not JSON.");
            return;
        }

        var ids = body?["resourceids"] is JsonArray array ? array.Select(i => (string?)i).ToArray() : null;
        if (ids is null || ids.Length is 0 or > MaxBatchResources || ids.Any(string.IsNullOrEmpty))
        {
            await BadRequestAsync(context, $"resourceids must list 1 to {MaxBatchResources} resource ids.");
            return;
        }

        var values = new JsonArray();
        string? region = null;
        foreach (var id in ids)
        {
            var resource = estate.Get(id!);
            if (resource is null || !id!.StartsWith($"/subscriptions/{subscription}/", StringComparison.OrdinalIgnoreCase)
                || !((string)resource["type"]!).Equals(ns, StringComparison.OrdinalIgnoreCase))
            {
                await BadRequestAsync(context, $"Resource '{id}' is not a {ns} of subscription {subscription}: one batch covers one subscription, region and namespace.");
                return;
            }

            // One region per batch, and the endpoint's when it has one: Azure's regional endpoints serve their own region.
            var location = (string?)resource["location"];
            region ??= location;
            if (string.IsNullOrEmpty(location) || !location.Equals(region, StringComparison.OrdinalIgnoreCase)
                || (BatchRegion is { } served && !location.Equals(served, StringComparison.OrdinalIgnoreCase)))
            {
                await BadRequestAsync(context, $"Resource '{id}' is in region '{location}', not '{BatchRegion ?? region}': one batch covers one subscription, region and namespace.");
                return;
            }

            values.Add(new JsonObject
            {
                ["starttime"] = Iso(start), ["endtime"] = Iso(end), ["interval"] = System.Xml.XmlConvert.ToString(parsed.Grain),
                ["namespace"] = ns.ToLowerInvariant(), ["resourceregion"] = location, ["resourceid"] = (string)resource["id"]!,
                ["value"] = Metrics(id!, parsed, start, end),
            });
        }

        await JsonAsync(context, 200, new JsonObject { ["values"] = values });
    }

    private sealed record Parsed(IReadOnlyList<MetricDefinition> Metrics, TimeSpan Grain, IReadOnlyList<(string Dimension, string Value)> Filter, int Top);

    private string _lastError = "";

    private Parsed? ParseQuery(string? apiVersion, string? ns, string? names, string? aggregation, string? interval, string? filter, string? top, string type)
    {
        Parsed? Fail(string error)
        {
            _lastError = error;
            return null;
        }

        if (apiVersion != ApiVersion)
        {
            return Fail($"api-version '{apiVersion}' is not served; use {ApiVersion}.");
        }

        if (!Definitions.TryGetValue(type, out var defined))
        {
            return Fail($"The resource type '{type}' has no platform metrics here.");
        }

        if (!string.IsNullOrEmpty(ns) && !ns.Equals(type, StringComparison.OrdinalIgnoreCase))
        {
            return Fail($"metricnamespace '{ns}' is not the resource's namespace '{type}'.");
        }

        if (string.IsNullOrWhiteSpace(names))
        {
            return Fail("metricnames is required.");
        }

        var metrics = new List<MetricDefinition>();
        foreach (var name in names.Split(','))
        {
            var definition = defined.FirstOrDefault(d => d.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (definition is null)
            {
                return Fail($"Failed to find metric configuration for provider: {type}, metric: {name.Trim()}. Valid metrics: {string.Join(", ", defined.Select(d => d.Name))}.");
            }

            metrics.Add(definition);
        }

        if (string.IsNullOrWhiteSpace(aggregation))
        {
            return Fail("aggregation is required (this emulator does not pick a default).");
        }

        foreach (var a in aggregation.Split(','))
        {
            if (metrics.FirstOrDefault(m => !m.Aggregation.Equals(a.Trim(), StringComparison.OrdinalIgnoreCase)) is { } unsupported)
            {
                return Fail($"Aggregation '{a.Trim()}' is not supported by metric {unsupported.Name} (supported: {unsupported.Aggregation}).");
            }
        }

        TimeSpan grain;
        try
        {
            grain = System.Xml.XmlConvert.ToTimeSpan(interval ?? "");
        }
        catch (FormatException)
        {
            return Fail($"interval '{interval}' is not an ISO 8601 duration.");
        }

        if (metrics.FirstOrDefault(m => !m.Grains.Contains(grain)) is { } coarse)
        {
            return Fail($"Metric {coarse.Name} has no time grain {interval} (grains: {string.Join(", ", coarse.Grains.Select(System.Xml.XmlConvert.ToString))}).");
        }

        var clauses = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(filter))
        {
            foreach (var clause in AndSplit().Split(filter.Trim()))
            {
                var m = Clause().Match(clause.Trim());
                if (!m.Success)
                {
                    return Fail($"The filter '{filter}' cannot be read (expected dimension eq 'value' clauses joined by 'and').");
                }

                var dimension = m.Groups[1].Value;
                if (metrics.FirstOrDefault(d => !d.Dimensions.Contains(dimension, StringComparer.OrdinalIgnoreCase)) is { } lacking)
                {
                    return Fail($"Metric {lacking.Name} has no dimension '{dimension}' (dimensions: {string.Join(", ", lacking.Dimensions)}).");
                }

                clauses.Add((dimension, m.Groups[2].Value));
            }
        }

        var count = 10;
        if (!string.IsNullOrEmpty(top))
        {
            if (clauses.Count == 0)
            {
                return Fail("top is valid only with a filter.");
            }

            if (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)
            {
                return Fail($"top '{top}' is not a positive integer.");
            }
        }

        return new Parsed(metrics, grain, clauses, count);
    }

    private JsonArray Metrics(string resourceId, Parsed query, DateTimeOffset start, DateTimeOffset end)
    {
        var source = estate.MetricsOf(resourceId);
        var cache = new Dictionary<DateTimeOffset, IReadOnlyList<MetricSample>>();
        IReadOnlyList<MetricSample> At(DateTimeOffset t) => source is null ? [] : cache.TryGetValue(t, out var s) ? s : cache[t] = source(t);
        var visible = Now - IngestionDelay;
        var result = new JsonArray();
        foreach (var metric in query.Metrics)
        {
            var aggregation = Enum.Parse<MetricAggregation>(metric.Aggregation);
            var split = query.Filter.Where(f => f.Value == "*").Select(f => f.Dimension).ToArray();
            bool Wanted(MetricSample s) => s.Metric.Equals(metric.Name, StringComparison.OrdinalIgnoreCase)
                && query.Filter.All(f => f.Value == "*" || (s.Dimensions.FirstOrDefault(d => d.Key.Equals(f.Dimension, StringComparison.OrdinalIgnoreCase)).Value ?? "") == f.Value);
            string[] Key(MetricSample s) => split.Select(d => s.Dimensions.FirstOrDefault(x => x.Key.Equals(d, StringComparison.OrdinalIgnoreCase)).Value ?? "").ToArray();

            // Every combination of split values seen in the window is a series; more than top are cut, as Azure does.
            var combos = new List<string[]>();
            for (var t = MetricSampling.Floor(start, query.Grain); t < end && t <= visible; t += SampleStep)
            {
                foreach (var key in At(t).Where(Wanted).Select(Key))
                {
                    if (!combos.Any(c => c.SequenceEqual(key)))
                    {
                        combos.Add(key);
                    }
                }
            }

            var timeseries = new JsonArray();
            foreach (var combo in combos.Take(query.Top))
            {
                var points = MetricSampling.Points(t =>
                {
                    var values = At(t).Where(s => Wanted(s) && Key(s).SequenceEqual(combo)).Select(s => s.Value).ToArray();
                    return values.Length == 0 ? null : aggregation == MetricAggregation.Maximum ? values.Max() : aggregation == MetricAggregation.Total ? values.Sum() : values.Average();
                }, start, end, query.Grain, visible, aggregation, SampleStep);
                var field = metric.Aggregation.ToLowerInvariant() switch { "maximum" => "maximum", "total" => "total", "minimum" => "minimum", _ => "average" };
                timeseries.Add(new JsonObject
                {
                    ["metadatavalues"] = new JsonArray([.. split.Select((d, i) => (JsonNode)new JsonObject
                    {
                        ["name"] = new JsonObject { ["value"] = d, ["localizedValue"] = d }, ["value"] = combo[i],
                    })]),
                    ["data"] = new JsonArray([.. points.Select(p => (JsonNode)(p.Value is { } v
                        ? new JsonObject { ["timeStamp"] = Iso(p.At), [field] = v }
                        : new JsonObject { ["timeStamp"] = Iso(p.At) }))]),
                });
            }

            result.Add(new JsonObject
            {
                ["id"] = $"{resourceId}/providers/Microsoft.Insights/metrics/{metric.Name}", ["type"] = "Microsoft.Insights/metrics",
                ["name"] = new JsonObject { ["value"] = metric.Name, ["localizedValue"] = metric.Name }, ["unit"] = metric.Unit,
                ["timeseries"] = timeseries, ["errorCode"] = "Success",
            });
        }

        return result;
    }

    private static string? Unknown(ICollection<string> keys, HashSet<string> known) => keys.FirstOrDefault(k => !known.Contains(k));

    private bool TryTimespan(string? text, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        var parts = text?.Split('/');
        return parts is { Length: 2 } && TryMoment(parts[0], out start) && TryMoment(parts[1], out end) && end > start && end - start <= TimeSpan.FromDays(93);
    }

    private static bool TryMoment(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static Task BadRequestAsync(HttpContext context, string message) => ErrorAsync(context, 400, "BadRequest", message);

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    [GeneratedRegex("^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/[^/]+/[^/]+/[^/]+)/providers/Microsoft\\.Insights/metrics$", RegexOptions.IgnoreCase)]
    private static partial Regex MetricsPath();

    [GeneratedRegex("^/subscriptions/([^/]+)/metrics:getBatch$", RegexOptions.IgnoreCase)]
    private static partial Regex BatchPath();

    [GeneratedRegex("\\s+and\\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9_]*)\\s+eq\\s+'([^']*)'$")]
    private static partial Regex Clause();
}
