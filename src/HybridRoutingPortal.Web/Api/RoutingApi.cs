using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Graph;
using HybridRoutingPortal.Monitoring.History;
using HybridRoutingPortal.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Api;

/// <summary>The /api/v1 read endpoints (DESIGN.md §4).</summary>
public static class RoutingApi
{
    public const int MaxSnapshots = 5000;
    public const int DefaultRoutesPage = 1000;
    public const int MaxRoutesPage = 10000;
    public const int DefaultChangesPage = 5000;
    public const int MaxChangesPage = 50000;
    public const int DefaultTimelineLanes = 500;
    public const int MaxTimelineLanes = 5000;

    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Routing").AddEndpointFilter<KnownVantageFilter>().RequireAuthorization(PortalPolicies.Viewer);
        api.MapGet("/vantage-points", VantagePointsAsync).WithName("ListVantagePoints")
            .WithSummary("Every vantage point with its route count, last poll status, freshness and last error.");
        api.MapGet("/routes", RoutesAsync).WithName("GetRoutes").Produces<RoutesResponse>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("Routes present at a moment (default now), optionally for one vantage point and inside or covering a prefix.");
        api.MapGet("/snapshots", SnapshotsAsync).WithName("ListSnapshots").Produces<SnapshotsResponse>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("Polls (snapshots) per vantage point, newest first, with status and change counts.");
        api.MapGet("/diff", DiffAsync).WithName("GetDiff").Produces<DiffResponse>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("Routes added, removed and changed between two moments, grouped by vantage point. format=csv or json downloads it.");
        api.MapGet("/topology", TopologyAsync).WithName("GetTopology").Produces<TopologyResponse>().ProducesValidationProblem()
            .WithSummary("Nodes and edges at a moment (default now) with health and route counts; compareTo= adds the changes since another moment, trace= a prefix trace.");
        api.MapGet("/prefixes/{cidr}/timeline", TimelineAsync).WithName("GetPrefixTimeline").Produces<TimelineDto>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("When and where a prefix (or everything inside it) was present, one lane per vantage point; cidr URL-encoded (10.0.0.0%2F8).");
        api.MapGet("/prefixes/{address}/{length:int}/timeline", (string address, int length, RoutingQueries queries, TimeProvider time, CancellationToken ct,
                string? from, string? to, string? vantage, string? match, int? limit, string? continuation) =>
                TimelineAsync($"{address}/{length}", queries, time, ct, from, to, vantage, match, limit, continuation))
            .WithName("GetPrefixTimelineByParts").Produces<TimelineDto>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("The same timeline with the prefix written plainly: /api/v1/prefixes/10.0.0.0/8/timeline.");
        return app;
    }

    private static async Task<Ok<VantagePointDto[]>> VantagePointsAsync(RoutingQueries queries, TimeProvider time, IOptions<RoutingOptions> options, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var list = await queries.VantagePointsAsync(ct);
        return TypedResults.Ok(list.Select(v => VantagePointDto.From(v, now, options.Value.StaleAfter)).ToArray());
    }

    private static async Task<IResult> RoutesAsync(
        RoutingQueries queries, TimeProvider time, CancellationToken ct,
        string? vantage = null, string? at = null, string? within = null, string? covering = null, string? format = null,
        int? limit = null, string? continuation = null)
    {
        var input = new QueryInput(time.GetUtcNow());
        CheckFormat(input, format);
        var vantageId = input.Vantage("vantage", vantage);
        var moment = input.Time("at", at);
        var inside = input.Prefix("within", within);
        var cover = input.Prefix("covering", covering);
        input.Check(inside is null || cover is null, "covering", "Give either 'within' or 'covering', not both.");
        var pageSize = input.Limit(limit, DefaultRoutesPage, MaxRoutesPage);
        var after = input.Continuation<RoutePageKey>(continuation, RoutePageKey.TryParse);
        if (!input.Valid)
        {
            return input.Problem();
        }

        var page = await queries.RoutesPageAsync(vantageId, moment, QueryInput.Filter(inside, cover), after, pageSize, ct);
        var body = new RoutesResponse(moment, vantageId, inside?.ToString(), cover?.ToString(), page.Routes.Count,
            page.Routes.Select(r => RouteDto.From(r.VantageId, r.Route, r.Since)).ToArray(), page.Next?.ToToken());
        return Export(format, body, () => CsvExport.Routes(body.Routes), $"routes-{FileTime(moment)}");
    }

    private static async Task<IResult> SnapshotsAsync(
        RoutingQueries queries, TimeProvider time, CancellationToken ct,
        string? vantage = null, string? from = null, string? to = null, int? limit = null)
    {
        var input = new QueryInput(time.GetUtcNow());
        var vantageId = input.Vantage("vantage", vantage);
        var start = input.OptionalTime("from", from);
        var end = input.OptionalTime("to", to);
        input.Check(!(start > end), "to", "'to' must not be before 'from'.");
        input.Check(limit is null or >= 1 and <= MaxSnapshots, "limit", $"'limit' must be between 1 and {MaxSnapshots}.");
        if (!input.Valid)
        {
            return input.Problem();
        }

        var polls = await queries.PollsAsync(vantageId, start, end, limit ?? 500, ct);
        return TypedResults.Ok(new SnapshotsResponse(vantageId, start, end, polls.Count, polls.Select(SnapshotDto.From).ToArray()));
    }

    private static async Task<IResult> DiffAsync(
        ComparisonService comparisons, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? vantage = null, string? format = null, int? limit = null, string? continuation = null)
    {
        var input = new QueryInput(time.GetUtcNow());
        CheckFormat(input, format);
        input.Check(!string.IsNullOrWhiteSpace(from), "from", "'from' is required: the earlier moment of the comparison (ISO-8601).");
        var start = input.Time("from", from);
        var end = input.Time("to", to);
        var vantageId = input.Vantage("vantage", vantage);
        input.Window(start, end);
        var pageSize = input.Limit(limit, DefaultChangesPage, MaxChangesPage);
        var after = input.Continuation<DiffPosition>(continuation, DiffPosition.TryParse);
        if (!input.Valid)
        {
            return input.Problem();
        }

        var comparison = await comparisons.CompareAsync(start, end, vantageId, ct);
        var (page, next) = DiffPosition.Page(comparison.Diffs, after, pageSize);
        var all = comparison.Diffs.Select(d => d.Diff).ToArray();
        var body = new DiffResponse(start, end, vantageId, all.Sum(d => d.Added), all.Sum(d => d.Removed), all.Sum(d => d.Changed),
            page.Select(VantageDiffDto.From).ToArray(), next?.ToToken(), comparison.NoHistoryBefore);
        return Export(format, body, () => CsvExport.Diff(body), $"diff-{FileTime(start)}-{FileTime(end)}");
    }

    private static async Task<IResult> TimelineAsync(
        string cidr, RoutingQueries queries, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? vantage = null, string? match = null, int? limit = null, string? continuation = null)
    {
        var input = new QueryInput(time.GetUtcNow());
        var prefix = input.Prefix("cidr", Uri.UnescapeDataString(cidr));
        input.Check(prefix is not null || !input.Valid, "cidr", "A prefix is required, for example 10.0.0.0%2F8.");
        var start = string.IsNullOrWhiteSpace(from) ? input.Now.AddDays(-1) : input.Time("from", from);
        var end = input.Time("to", to);
        var vantageId = input.Vantage("vantage", vantage);
        var kind = input.Enum("match", match, PrefixMatch.Inside, MatchMessage);
        input.Check(kind != PrefixMatch.Covering, "match", MatchMessage);
        input.Window(start, end);
        var pageSize = input.Limit(limit, DefaultTimelineLanes, MaxTimelineLanes);
        var after = input.Continuation<TimelineLaneKey>(continuation, TimelineLaneKey.TryParse);
        if (!input.Valid || prefix is not { } p)
        {
            return input.Problem();
        }

        var page = await queries.TimelinePageAsync(new PrefixFilter(p, kind), start, end, vantageId, after, pageSize, ct);
        return TypedResults.Ok(TimelineDto.Of(page.Timeline, page.Next?.ToToken()));
    }

    private const string MatchMessage = "'match' is 'inside' (the prefix and everything inside it, the default) or 'exact'.";

    private static async Task<IResult> TopologyAsync(TopologyService topology, TimeProvider time, CancellationToken ct,
        string? at = null, string? compareTo = null, string? trace = null)
    {
        var input = new QueryInput(time.GetUtcNow());
        var moment = input.Time("at", at);
        var other = input.OptionalTime("compareTo", compareTo);
        // An address traces its host route: whoever covers it carries traffic to it.
        var prefix = input.Prefix("trace", trace);
        return !input.Valid ? input.Problem() : TypedResults.Ok(await topology.GetAsync(moment, other, prefix, ct));
    }

    private static void CheckFormat(QueryInput input, string? format) =>
        input.Check(format is null or "" or "json" or "csv", "format", "'format' is 'json' or 'csv'.");

    private static string FileTime(DateTimeOffset t) => UiFormat.Iso(t).Replace(":", "", StringComparison.Ordinal);

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
}
