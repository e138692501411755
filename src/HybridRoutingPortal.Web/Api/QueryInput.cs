using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.History;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HybridRoutingPortal.Web.Api;

/// <summary>
/// Reads an /api/v1 request's query values (moments, prefixes, vantage ids) into domain values, collecting
/// every error so one 400 names them all. Every endpoint binds its parameters through this one reader.
/// </summary>
public sealed class QueryInput(DateTimeOffset now)
{
    private readonly Dictionary<string, string[]> _errors = [];

    public DateTimeOffset Now => now;

    public bool Valid => _errors.Count == 0;

    /// <summary>A moment; missing or "now" is now.</summary>
    public DateTimeOffset Time(string name, string? text) =>
        Moment.TryParse(text, now, out var value, out var error, name) ? value : Fail(name, error, now);

    /// <summary>A moment that may be left out (null).</summary>
    public DateTimeOffset? OptionalTime(string name, string? text) => string.IsNullOrWhiteSpace(text) ? null : Time(name, text);

    public IpPrefix? Prefix(string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return IpPrefix.TryParse(text, out var prefix, out var error) ? prefix : Fail<IpPrefix?>(name, $"'{name}': {error}", null);
    }

    /// <summary>A vantage point id's shape; whether it exists is checked once for the whole API (<see cref="KnownVantageFilter"/>).</summary>
    public string? Vantage(string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return VantageId.IsWellFormed(text, out var error) ? text.Trim().ToLowerInvariant() : Fail<string?>(name, error!, null);
    }

    public T Enum<T>(string name, string? text, T fallback, string message)
        where T : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? fallback
        : System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _) ? value
        : Fail(name, message, fallback);

    /// <summary>A page size: missing is the default, otherwise 1 to <paramref name="max"/>.</summary>
    public int Limit(int? limit, int fallback, int max)
    {
        Check(limit is null || (limit >= 1 && limit <= max), "limit", $"'limit' must be between 1 and {max}.");
        return limit is { } l && l >= 1 && l <= max ? l : fallback;
    }

    /// <summary>A continuation token from a previous page, or null for the first.</summary>
    public T? Continuation<T>(string? token, TryParseToken<T> parse)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        return parse(token, out var value) ? value : Fail<T?>("continuation", "'continuation' is not a token this API gave out; start again without it.", null);
    }

    /// <summary>A time window: 'to' not before 'from', and no longer than <see cref="ComparisonService.MaxWindow"/>.</summary>
    public void Window(DateTimeOffset from, DateTimeOffset to)
    {
        if (!Valid)
        {
            return;
        }

        Check(to >= from, "to", "'to' must not be before 'from'.");
        Check(to - from <= ComparisonService.MaxWindow, "from",
            $"The window from 'from' to 'to' may span at most {ComparisonService.MaxWindow.TotalDays:0} days; ask for a shorter one.");
    }

    public void Check(bool ok, string name, string message)
    {
        if (!ok)
        {
            _errors.TryAdd(name, [message]);
        }
    }

    public T Fail<T>(string name, string message, T fallback)
    {
        _errors.TryAdd(name, [message]);
        return fallback;
    }

    public static PrefixFilter? Filter(IpPrefix? within, IpPrefix? covering) =>
        within is { } w ? new PrefixFilter(w, PrefixMatch.Inside)
        : covering is { } c ? new PrefixFilter(c, PrefixMatch.Covering)
        : null;

    public ProblemHttpResult Problem() => Problems.Invalid(_errors);
}

public delegate bool TryParseToken<T>(string? token, out T value);

/// <summary>The API's problem answers, in one place.</summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid parameters.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Detail = string.Join(" ", errors.Values.SelectMany(v => v)),
        });

    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: title);
}

/// <summary>
/// "Unknown vantage → 404" for every /api/v1 endpoint: a well-formed <c>vantage</c> query value that names no
/// vantage point is answered here, before the endpoint runs.
/// </summary>
public sealed class KnownVantageFilter(RoutingQueries queries) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var text = context.HttpContext.Request.Query["vantage"].ToString();
        if (!string.IsNullOrWhiteSpace(text) && VantageId.IsWellFormed(text, out _))
        {
            var id = text.Trim().ToLowerInvariant();
            if (await queries.VantagePointAsync(id, context.HttpContext.RequestAborted) is null)
            {
                return Problems.NotFound("Unknown vantage point", $"No vantage point has the id '{id}'. GET /api/v1/vantage-points lists them.");
            }
        }

        return await next(context);
    }
}
