using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Api;

/// <summary>The /api/v1 read endpoints and health probes (DESIGN.md §4).</summary>
public static class RoutingApi
{
    public const int MaxSnapshots = 5000;

    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthDto("ok", "The process is alive.")))
            .WithName("Liveness").WithTags("Health");
        app.MapGet("/readyz", ReadyAsync).WithName("Readiness").WithTags("Health");

        var api = app.MapGroup("/api/v1").WithTags("Routing");
        api.MapGet("/vantage-points", VantagePointsAsync).WithName("ListVantagePoints")
            .WithSummary("Every vantage point with its route count, last poll status, freshness and last error.");
        api.MapGet("/routes", RoutesAsync).WithName("GetRoutes").Produces<RoutesResponse>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("Routes present at a moment (default now), optionally for one vantage point and inside or covering a prefix.");
        api.MapGet("/snapshots", SnapshotsAsync).WithName("ListSnapshots")
            .WithSummary("Polls (snapshots) per vantage point, newest first, with status and change counts.");
        api.MapGet("/diff", DiffAsync).WithName("GetDiff").Produces<DiffResponse>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("Routes added, removed and changed between two moments, grouped by vantage point. format=csv or json downloads it.");
        api.MapGet("/topology", TopologyAsync).WithName("GetTopology").Produces<Topology.TopologyResponse>().ProducesValidationProblem()
            .WithSummary("Nodes and edges at a moment (default now) with health and route counts; compareTo= adds the changes since another moment, trace= a prefix trace.");
        api.MapGet("/prefixes/{cidr}/timeline", TimelineAsync).WithName("GetPrefixTimeline").Produces<TimelineDto>().ProducesValidationProblem()
            .WithSummary("When and where a prefix (or everything inside it) was present, one lane per vantage point; cidr URL-encoded (10.0.0.0%2F8).");
        api.MapGet("/prefixes/{address}/{length:int}/timeline", (string address, int length, RoutingQueries queries, TimeProvider time, CancellationToken ct,
                string? from, string? to, string? vantage, string? match) => TimelineAsync($"{address}/{length}", queries, time, ct, from, to, vantage, match))
            .WithName("GetPrefixTimelineByParts").WithSummary("The same timeline with the prefix written plainly: /api/v1/prefixes/10.0.0.0/8/timeline.");
        return app;
    }

    private static async Task<Results<Ok<HealthDto>, JsonHttpResult<HealthDto>>> ReadyAsync(IDbContextFactory<RoutingDbContext> db, CancellationToken ct)
    {
        var (ready, detail) = await RoutingDatabase.CheckAsync(db, ct);
        return ready
            ? TypedResults.Ok(new HealthDto("ready", detail))
            : TypedResults.Json(new HealthDto("unavailable", detail), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Ok<VantagePointDto[]>> VantagePointsAsync(RoutingQueries queries, TimeProvider time, IOptions<RoutingOptions> options, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var list = await queries.VantagePointsAsync(ct);
        return TypedResults.Ok(list.Select(v => VantagePointDto.From(v, now, options.Value.StaleAfter)).ToArray());
    }

    private static async Task<IResult> RoutesAsync(
        RoutingQueries queries, TimeProvider time, CancellationToken ct,
        string? vantage = null, string? at = null, string? within = null, string? covering = null, string? format = null)
    {
        var errors = new Dictionary<string, string[]>();
        CheckFormat(format, errors);
        Check(ApiInput.TryVantage(vantage, out var vantageId, out var e1), "vantage", e1, errors);
        Check(ApiInput.TryTime(at, time.GetUtcNow(), out var moment, out var e2, "at"), "at", e2, errors);
        Check(ApiInput.TryPrefix(within, out var inside, out var e3, "within"), "within", e3, errors);
        Check(ApiInput.TryPrefix(covering, out var cover, out var e4, "covering"), "covering", e4, errors);
        if (inside is not null && cover is not null)
        {
            errors["covering"] = ["Give either 'within' or 'covering', not both."];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        if (vantageId is not null && await queries.VantagePointAsync(vantageId, ct) is null)
        {
            return UnknownVantage(vantageId);
        }

        var routes = await queries.RoutesAtAsync(vantageId, moment, ApiInput.Filter(inside, cover), ct);
        var body = new RoutesResponse(moment, vantageId, inside?.ToString(), cover?.ToString(), routes.Count,
            routes.Select(r => RouteDto.From(r.VantageId, r.Route, r.Since)).ToArray());
        return Export(format, body, () => CsvExport.Routes(body.Routes), $"routes-{UiFormat.Iso(moment).Replace(":", "", StringComparison.Ordinal)}");
    }

    private static async Task<Results<Ok<SnapshotsResponse>, ProblemHttpResult>> SnapshotsAsync(
        RoutingQueries queries, TimeProvider time, CancellationToken ct,
        string? vantage = null, string? from = null, string? to = null, int? limit = null)
    {
        var errors = new Dictionary<string, string[]>();
        Check(ApiInput.TryVantage(vantage, out var vantageId, out var e1), "vantage", e1, errors);
        DateTimeOffset? start = null, end = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            Check(ApiInput.TryTime(from, time.GetUtcNow(), out var f, out var e2, "from"), "from", e2, errors);
            start = f;
        }

        if (!string.IsNullOrWhiteSpace(to))
        {
            Check(ApiInput.TryTime(to, time.GetUtcNow(), out var t, out var e3, "to"), "to", e3, errors);
            end = t;
        }

        if (start > end)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }

        if (limit is < 1 or > MaxSnapshots)
        {
            errors["limit"] = [$"'limit' must be between 1 and {MaxSnapshots}."];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        if (vantageId is not null && await queries.VantagePointAsync(vantageId, ct) is null)
        {
            return UnknownVantage(vantageId);
        }

        var polls = await queries.PollsAsync(vantageId, start, end, limit ?? 500, ct);
        return TypedResults.Ok(new SnapshotsResponse(vantageId, start, end, polls.Count, polls.Select(SnapshotDto.From).ToArray()));
    }

    private static async Task<IResult> DiffAsync(
        RoutingQueries queries, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? vantage = null, string? format = null)
    {
        var errors = new Dictionary<string, string[]>();
        CheckFormat(format, errors);
        if (string.IsNullOrWhiteSpace(from))
        {
            errors["from"] = ["'from' is required: the earlier moment of the comparison (ISO-8601)."];
        }

        Check(ApiInput.TryTime(from, time.GetUtcNow(), out var start, out var e1, "from"), "from", e1, errors);
        Check(ApiInput.TryTime(to, time.GetUtcNow(), out var end, out var e2, "to"), "to", e2, errors);
        Check(ApiInput.TryVantage(vantage, out var vantageId, out var e3), "vantage", e3, errors);
        if (errors.Count == 0 && end < start)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        if (vantageId is not null && await queries.VantagePointAsync(vantageId, ct) is null)
        {
            return UnknownVantage(vantageId);
        }

        var diffs = await queries.DiffAsync(start, end, vantageId, ct);
        var dtos = diffs.Select(VantageDiffDto.From).ToArray();
        var body = new DiffResponse(start, end, vantageId, dtos.Sum(d => d.Added), dtos.Sum(d => d.Removed), dtos.Sum(d => d.Changed), dtos);
        return Export(format, body, () => CsvExport.Diff(body),
            $"diff-{UiFormat.Iso(start).Replace(":", "", StringComparison.Ordinal)}-{UiFormat.Iso(end).Replace(":", "", StringComparison.Ordinal)}");
    }

    private static async Task<IResult> TimelineAsync(
        string cidr, RoutingQueries queries, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? vantage = null, string? match = null)
    {
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        Check(ApiInput.TryPrefix(Uri.UnescapeDataString(cidr), out var prefix, out var e1, "cidr"), "cidr", e1, errors);
        var start = now.AddDays(-1);
        if (!string.IsNullOrWhiteSpace(from))
        {
            Check(ApiInput.TryTime(from, now, out start, out var e2, "from"), "from", e2, errors);
        }

        Check(ApiInput.TryTime(to, now, out var end, out var e3, "to"), "to", e3, errors);
        Check(ApiInput.TryVantage(vantage, out var vantageId, out var e4), "vantage", e4, errors);
        var kind = PrefixMatch.Inside;
        if (!string.IsNullOrWhiteSpace(match) && !Enum.TryParse(match, ignoreCase: true, out kind) || kind == PrefixMatch.Covering)
        {
            errors["match"] = ["'match' is 'inside' (the prefix and everything inside it, the default) or 'exact'."];
        }

        if (errors.Count == 0 && end < start)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }

        if (errors.Count > 0 || prefix is not { } p)
        {
            return Invalid(errors);
        }

        if (vantageId is not null && await queries.VantagePointAsync(vantageId, ct) is null)
        {
            return UnknownVantage(vantageId);
        }

        var timeline = await queries.TimelineAsync(new PrefixFilter(p, kind), start, end, vantageId, ct);
        return TypedResults.Ok(TimelineDto.Of(timeline));
    }

    private static async Task<IResult> TopologyAsync(Topology.TopologyService topology, TimeProvider time, CancellationToken ct,
        string? at = null, string? compareTo = null, string? trace = null)
    {
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        Check(ApiInput.TryTime(at, now, out var moment, out var e1, "at"), "at", e1, errors);
        DateTimeOffset? other = null;
        if (!string.IsNullOrWhiteSpace(compareTo))
        {
            Check(ApiInput.TryTime(compareTo, now, out var c, out var e2, "compareTo"), "compareTo", e2, errors);
            other = c;
        }

        IpPrefix? prefix = null;
        if (!string.IsNullOrWhiteSpace(trace))
        {
            // An address traces its host route: whoever covers it carries traffic to it.
            Check(ApiInput.TryPrefix(trace, out prefix, out var e3, "trace"), "trace", e3, errors);
        }

        return errors.Count > 0 ? Invalid(errors) : TypedResults.Ok(await topology.GetAsync(moment, other, prefix, ct));
    }

    private static void CheckFormat(string? format, Dictionary<string, string[]> errors)
    {
        if (format is not (null or "" or "json" or "csv"))
        {
            errors["format"] = ["'format' is 'json' or 'csv'."];
        }
    }

    /// <summary>The plain JSON answer, or a download of it as JSON or CSV.</summary>
    private static IResult Export<T>(string? format, T body, Func<string> csv, string fileName) => format switch
    {
        "csv" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv()), "text/csv; charset=utf-8", fileName + ".csv"),
        "json" => TypedResults.File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, ExportJson), "application/json", fileName + ".json"),
        _ => TypedResults.Ok(body),
    };

    private static readonly System.Text.Json.JsonSerializerOptions ExportJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static void Check(bool ok, string name, string? error, Dictionary<string, string[]> errors)
    {
        if (!ok && error is not null)
        {
            errors.TryAdd(name, [error]);
        }
    }

    private static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid parameters.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Detail = string.Join(" ", errors.Values.SelectMany(v => v)),
        });

    private static ProblemHttpResult UnknownVantage(string id) =>
        TypedResults.Problem(
            detail: $"No vantage point has the id '{id}'. GET /api/v1/vantage-points lists them.",
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown vantage point");
}
