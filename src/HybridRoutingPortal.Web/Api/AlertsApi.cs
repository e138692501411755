using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Expectations;
using HybridRoutingPortal.Monitoring.Notifications;

namespace HybridRoutingPortal.Web.Api;

public sealed record ExpectationDto(string Id, string Name, string Prefix, IReadOnlyList<string> VantageIds, AlertSeverity Severity, string Owner, ExpectationSource Source, string Reason)
{
    public static ExpectationDto From(Expectation e) => new(e.Id, e.Name, e.Prefix.ToString(), e.VantageIds, e.Severity, e.Owner, e.Source, e.Reason);
}

public sealed record NewExpectation(string? Name, string? Prefix, IReadOnlyList<string>? VantageIds, AlertSeverity? Severity, string? Owner, string? Reason)
{
    public ExpectationDraft Draft => new(null, Name, Prefix, VantageIds, Severity, Owner, Reason);
}

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

/// <summary>The body of a test notification: JSON, so a cross-site form (which cannot send JSON) cannot trigger one.</summary>
public sealed record TestNotification(string? Note);

/// <summary>/api/v1/alerts, /api/v1/expectations and the test notification (DESIGN.md §4); the use-cases live in Monitoring.</summary>
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
            .WithSummary("Imports a file of expectations (the JSON array GET /api/v1/expectations exports), all or nothing; derived ones in it are skipped.");
        api.MapPost("/notifications/test", TestNotificationAsync).WithName("SendTestNotification")
            .WithSummary("Queues a test message to every configured webhook and e-mail channel. The body is a JSON object ({} will do).");
        return app;
    }

    private static async Task<IResult> ListAsync(AlertStore store, CancellationToken ct, string? state = null)
    {
        var input = new QueryInput(default);
        AlertState? filter = string.IsNullOrWhiteSpace(state) ? null : input.Enum("state", state, AlertState.Firing, "'state' is firing, pending or resolved.");
        return !input.Valid ? input.Problem() : TypedResults.Ok((await store.AlertsAsync(filter, ct)).Select(a => AlertDto.From(a)).ToArray());
    }

    private static async Task<IResult> GetAsync(long id, AlertStore store, CancellationToken ct) =>
        await store.AlertAsync(id, ct) is { } a ? TypedResults.Ok(AlertDto.From(a, await store.EventsAsync(id, ct))) : UnknownAlert(id);

    private static async Task<IResult> AckAsync(long id, Acknowledgement body, AlertStore store, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.By))
        {
            return Problems.Invalid("by", "Say who acknowledges ('by').");
        }

        return await store.AcknowledgeAsync(id, body.By.Trim(), body.Comment, time.GetUtcNow(), ct) ? TypedResults.NoContent() : UnknownAlert(id);
    }

    private static async Task<IResult> SilenceAsync(long id, Silence body, AlertStore store, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (body.Until is not { } until || until <= now)
        {
            return Problems.Invalid("until", "'until' must be a time in the future (ISO-8601).");
        }

        if (string.IsNullOrWhiteSpace(body.By))
        {
            return Problems.Invalid("by", "Say who silences ('by').");
        }

        return await store.SilenceAsync(id, until, body.By.Trim(), body.Comment, now, ct) ? TypedResults.NoContent() : UnknownAlert(id);
    }

    private static async Task<IResult> ExpectationsAsync(ExpectationService expectations, CancellationToken ct) =>
        TypedResults.Ok((await expectations.ListAsync(ct)).Select(ExpectationDto.From).ToArray());

    private static async Task<IResult> CreateAsync(NewExpectation body, ExpectationService expectations, CancellationToken ct)
    {
        var outcome = await expectations.CreateAsync(body.Draft, ct);
        return outcome is { Ok: true, Value: { } e }
            ? TypedResults.Created($"/api/v1/expectations/{e.Id}", ExpectationDto.From(e))
            : Problems.Invalid(outcome.Errors);
    }

    private static async Task<IResult> ImportAsync(IReadOnlyList<ImportedExpectation?> body, ExpectationService expectations, CancellationToken ct)
    {
        var outcome = await expectations.ImportAsync(body, ct);
        return outcome.Ok ? TypedResults.Ok(new { imported = outcome.Value }) : Problems.Invalid(outcome.Errors);
    }

    private static async Task<IResult> DeleteAsync(string id, ExpectationService expectations, CancellationToken ct)
    {
        var outcome = await expectations.DeleteAsync(id, ct);
        return !outcome.Ok ? Problems.Invalid(outcome.Errors)
            : outcome.Value ? TypedResults.NoContent()
            : Problems.NotFound("Unknown expectation", $"No expectation has the id '{id}'.");
    }

    private static async Task<IResult> TestNotificationAsync(TestNotification body, NotificationService notifications, CancellationToken ct) =>
        await notifications.QueueTestAsync(ct) is { } channels
            ? TypedResults.Accepted((string?)null, new { queued = channels.Count, channels })
            : Problems.Invalid("channels", "No notification channel is configured (Notifications:Webhooks, Notifications:Smtp).");

    private static IResult UnknownAlert(long id) => Problems.NotFound("Unknown alert", $"No alert has the id {id}.");
}
