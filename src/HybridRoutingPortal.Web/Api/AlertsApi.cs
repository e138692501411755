using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Web.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HybridRoutingPortal.Web.Api;

public sealed record ExpectationDto(string Id, string Name, string Prefix, IReadOnlyList<string> VantageIds, AlertSeverity Severity, string Owner, ExpectationSource Source, string Reason)
{
    public static ExpectationDto From(Expectation e) => new(e.Id, e.Name, e.Prefix.ToString(), e.VantageIds, e.Severity, e.Owner, e.Source, e.Reason);
}

public sealed record NewExpectation(string? Name, string? Prefix, IReadOnlyList<string>? VantageIds, AlertSeverity? Severity, string? Owner, string? Reason);

public sealed record AlertDto(long Id, string Rule, string Subject, string VantageId, AlertSeverity Severity, string Title, string? Detail, AlertState? State,
    DateTimeOffset? Since, DateTimeOffset? FiredAt, DateTimeOffset? ResolvedAt, DateTimeOffset LastEvaluatedAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? SilencedUntil, string? Comment, IReadOnlyList<AlertEventInfo>? Events)
{
    public static AlertDto From(AlertInfo a, IReadOnlyList<AlertEventInfo>? events = null) =>
        new(a.Id, a.Rule, a.Subject, a.VantageId, a.Severity, a.Title, a.Detail, a.State, a.Since, a.FiredAt, a.ResolvedAt, a.LastEvaluatedAt,
            a.AcknowledgedBy, a.AcknowledgedAt, a.SilencedUntil, a.Comment, events);
}

public sealed record Acknowledgement(string? By, string? Comment);

public sealed record Silence(DateTimeOffset? Until, string? By, string? Comment);

/// <summary>/api/v1/alerts and /api/v1/expectations (DESIGN.md §4).</summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Alerts");
        api.MapGet("/alerts", ListAsync).WithName("ListAlerts").WithSummary("Alerts that are or were active; state=firing|pending|resolved filters.");
        api.MapGet("/alerts/{id:long}", GetAsync).WithName("GetAlert").WithSummary("One alert with its history.");
        api.MapPost("/alerts/{id:long}/ack", AckAsync).WithName("AcknowledgeAlert");
        api.MapPost("/alerts/{id:long}/silence", SilenceAsync).WithName("SilenceAlert");
        api.MapGet("/expectations", ExpectationsAsync).WithName("ListExpectations").WithSummary("User and derived expectations, each with where it came from.");
        api.MapPost("/expectations", CreateAsync).WithName("CreateExpectation");
        api.MapDelete("/expectations/{id}", DeleteAsync).WithName("DeleteExpectation");
        api.MapPost("/expectations/import", ImportAsync).WithName("ImportExpectations")
            .WithSummary("Imports a file of expectations (the JSON array GET /api/v1/expectations exports); derived ones in it are skipped.");
        api.MapPost("/notifications/test", TestNotificationAsync).WithName("SendTestNotification")
            .WithSummary("Queues a test message to every configured webhook and e-mail channel.");
        return app;
    }

    private static async Task<IResult> ListAsync(AlertStore store, CancellationToken ct, string? state = null)
    {
        AlertState? filter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<AlertState>(state, ignoreCase: true, out var s))
            {
                return Problem("state", "'state' is firing, pending or resolved.");
            }

            filter = s;
        }

        return TypedResults.Ok((await store.AlertsAsync(filter, ct)).Select(a => AlertDto.From(a)).ToArray());
    }

    private static async Task<IResult> GetAsync(long id, AlertStore store, CancellationToken ct) =>
        await store.AlertAsync(id, ct) is { } a
            ? TypedResults.Ok(AlertDto.From(a, await store.EventsAsync(id, ct)))
            : TypedResults.Problem(statusCode: 404, title: "Unknown alert", detail: $"No alert has the id {id}.");

    private static async Task<IResult> AckAsync(long id, Acknowledgement body, AlertStore store, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.By))
        {
            return Problem("by", "Say who acknowledges ('by').");
        }

        return await store.AcknowledgeAsync(id, body.By.Trim(), body.Comment, time.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "Unknown alert", detail: $"No alert has the id {id}.");
    }

    private static async Task<IResult> SilenceAsync(long id, Silence body, AlertStore store, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (body.Until is not { } until || until <= now)
        {
            return Problem("until", "'until' must be a time in the future (ISO-8601).");
        }

        if (string.IsNullOrWhiteSpace(body.By))
        {
            return Problem("by", "Say who silences ('by').");
        }

        return await store.SilenceAsync(id, until, body.By.Trim(), body.Comment, now, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "Unknown alert", detail: $"No alert has the id {id}.");
    }

    private static async Task<IResult> ExpectationsAsync(AlertEngine engine, RoutingQueries queries, TimeProvider time, CancellationToken ct)
    {
        var vantages = await queries.VantagePointsAsync(ct);
        return TypedResults.Ok((await engine.ExpectationsAsync(time.GetUtcNow(), vantages, ct)).Select(ExpectationDto.From).ToArray());
    }

    private static async Task<IResult> CreateAsync(NewExpectation body, AlertStore store, RoutingQueries queries, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            errors["name"] = ["A name is required."];
        }

        if (!IpPrefix.TryParse(body.Prefix, out var prefix, out var prefixError))
        {
            errors["prefix"] = [prefixError];
        }

        var known = (await queries.VantagePointsAsync(ct)).Select(v => v.Id).ToHashSet();
        var ids = (body.VantageIds ?? []).Select(v => v.Trim().ToLowerInvariant()).Distinct().ToArray();
        if (ids.Length == 0)
        {
            errors["vantageIds"] = ["Name at least one vantage point (GET /api/v1/vantage-points lists them)."];
        }
        else if (ids.FirstOrDefault(i => !known.Contains(i)) is { } unknown)
        {
            errors["vantageIds"] = [$"'{unknown}' is not a known vantage point."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var expectation = new Expectation("user:" + Guid.NewGuid().ToString("N")[..12], body.Name!.Trim(), prefix, ids, body.Severity ?? AlertSeverity.Warning,
            string.IsNullOrWhiteSpace(body.Owner) ? "unassigned" : body.Owner.Trim(), ExpectationSource.User, body.Reason?.Trim() ?? "");
        await store.AddExpectationAsync(expectation, time.GetUtcNow(), ct);
        return TypedResults.Created($"/api/v1/expectations/{expectation.Id}", ExpectationDto.From(expectation));
    }

    private static async Task<IResult> ImportAsync(IReadOnlyList<ExpectationDto> body, AlertStore store, RoutingQueries queries, TimeProvider time, CancellationToken ct)
    {
        var (imported, errors) = await ImportExpectationsAsync(body, store, queries, time, ct);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(new { imported });
    }

    /// <summary>
    /// Imports a file of expectations (the export's format), all or nothing: a file with a bad entry imports
    /// nothing, so it can be fixed and sent again. Derived entries in it are skipped. Shared by the API and the page.
    /// </summary>
    public static async Task<(int Imported, Dictionary<string, string[]> Errors)> ImportExpectationsAsync(
        IReadOnlyList<ExpectationDto> body, AlertStore store, RoutingQueries queries, TimeProvider time, CancellationToken ct)
    {
        var known = (await queries.VantagePointsAsync(ct)).Select(v => v.Id).ToHashSet();
        var existing = (await store.ExpectationsAsync(ct)).Select(e => e.Id).ToHashSet();
        var errors = new Dictionary<string, string[]>();
        var imported = new List<Expectation>();
        foreach (var (dto, i) in body.Select((d, i) => (d, i)))
        {
            if (dto.Source != ExpectationSource.User)
            {
                continue;
            }

            if (!IpPrefix.TryParse(dto.Prefix, out var prefix, out var error))
            {
                errors[$"[{i}].prefix"] = [error];
                continue;
            }

            if (dto.VantageIds.Count == 0 || dto.VantageIds.Any(v => !known.Contains(v)))
            {
                errors[$"[{i}].vantageIds"] = ["Every vantage point must exist here (GET /api/v1/vantage-points)."];
                continue;
            }

            var id = string.IsNullOrWhiteSpace(dto.Id) || existing.Contains(dto.Id) ? "user:" + Guid.NewGuid().ToString("N")[..12] : dto.Id;
            imported.Add(new Expectation(id, dto.Name, prefix, dto.VantageIds, dto.Severity, dto.Owner, ExpectationSource.User, dto.Reason));
        }

        if (errors.Count == 0)
        {
            foreach (var e in imported)
            {
                await store.AddExpectationAsync(e, time.GetUtcNow(), ct);
            }
        }

        return (errors.Count == 0 ? imported.Count : 0, errors);
    }

    /// <summary>Queues a test message to every configured channel; null when none is configured.</summary>
    public static async Task<IReadOnlyList<string>?> QueueTestAsync(NotificationComposer composer, AlertStore store, TimeProvider time, CancellationToken ct)
    {
        if (!composer.Any)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var queued = composer.Compose(new AlertMessage("Test", AlertSeverity.Info, "HybridRoutingPortal test notification",
            "If you read this, alerts reach this channel.", "test", "", now, null));
        await store.EnqueueAsync(queued, now, ct);
        return queued.Select(q => q.Channel).ToArray();
    }

    private static async Task<IResult> DeleteAsync(string id, AlertStore store, CancellationToken ct)
    {
        if (id.StartsWith("derived:", StringComparison.Ordinal))
        {
            return Problem("id", "Derived expectations follow the estate; switch them off with Alerts:DerivedExpectations=false.");
        }

        return await store.DeleteExpectationAsync(id, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "Unknown expectation", detail: $"No expectation has the id '{id}'.");
    }

    private static async Task<IResult> TestNotificationAsync(NotificationComposer composer, AlertStore store, TimeProvider time, CancellationToken ct) =>
        await QueueTestAsync(composer, store, time, ct) is { } channels
            ? TypedResults.Accepted((string?)null, new { queued = channels.Count, channels })
            : Problem("channels", "No notification channel is configured (Notifications:Webhooks, Notifications:Smtp).");

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
