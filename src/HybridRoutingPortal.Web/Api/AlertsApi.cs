using System.Security.Claims;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Audit;
using HybridRoutingPortal.Monitoring.Expectations;
using HybridRoutingPortal.Web.Auth;

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

/// <param name="By">Ignored: the acknowledgement is the signed-in person's (kept so older clients still bind).</param>
public sealed record Acknowledgement(string? By, string? Comment);

/// <param name="By">Ignored: the silence is the signed-in person's (kept so older clients still bind).</param>
public sealed record Silence(DateTimeOffset? Until, string? By, string? Comment);

/// <summary>The body of a test notification: JSON, so a cross-site form (which cannot send JSON) cannot trigger one.</summary>
public sealed record TestNotification(string? Note);

/// <summary>/api/v1/alerts, /api/v1/expectations and the test notification (DESIGN.md §4); the use-cases live in Monitoring.</summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Alerts").RequireAuthorization(PortalPolicies.Viewer);
        api.MapGet("/alerts", ListAsync).WithName("ListAlerts").WithSummary("Alerts that are or were active; state=firing|pending|resolved filters.");
        api.MapGet("/alerts/{id:long}", GetAsync).WithName("GetAlert").WithSummary("One alert with its history.");
        api.MapPost("/alerts/{id:long}/ack", AckAsync).WithName("AcknowledgeAlert")
            .WithSummary("Acknowledges an alert as the signed-in person (Operator); 'by' in the body is ignored.")
            .RequireAuthorization(PortalPolicies.Operator).Audited(AuditActions.Acknowledge, c => AuditedEndpoints.RouteValue(c, "id", "alert"));
        api.MapPost("/alerts/{id:long}/silence", SilenceAsync).WithName("SilenceAlert")
            .WithSummary("Silences an alert until a time, as the signed-in person (Operator); 'by' in the body is ignored.")
            .RequireAuthorization(PortalPolicies.Operator).Audited(AuditActions.Silence, c => AuditedEndpoints.RouteValue(c, "id", "alert"));
        api.MapGet("/expectations", ExpectationsAsync).WithName("ListExpectations").WithSummary("User and derived expectations, each with where it came from.");
        api.MapPost("/expectations", CreateAsync).WithName("CreateExpectation").WithSummary("Adds an expectation (Operator).")
            .RequireAuthorization(PortalPolicies.Operator).Audited(AuditActions.CreateExpectation, _ => "expectation");
        api.MapDelete("/expectations/{id}", DeleteAsync).WithName("DeleteExpectation").WithSummary("Deletes an expectation people defined (Operator).")
            .RequireAuthorization(PortalPolicies.Operator).Audited(AuditActions.DeleteExpectation, c => AuditedEndpoints.RouteValue(c, "id", "expectation"));
        api.MapPost("/expectations/import", ImportAsync).WithName("ImportExpectations")
            .WithSummary("Imports a file of expectations (the JSON array GET /api/v1/expectations exports), all or nothing; derived ones in it are skipped (Operator).")
            .RequireAuthorization(PortalPolicies.Operator).Audited(AuditActions.ImportExpectations, _ => "expectations");
        api.MapPost("/notifications/test", TestNotificationAsync).WithName("SendTestNotification")
            .WithSummary("Queues a test message to every configured webhook and e-mail channel (Admin). The body is a JSON object ({} will do).")
            .RequireAuthorization(PortalPolicies.Admin).Audited(AuditActions.SendTestNotification, _ => NotificationChanges.Target);
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

    private static async Task<IResult> AckAsync(long id, Acknowledgement body, AlertChanges changes, ClaimsPrincipal user, CancellationToken ct) =>
        await changes.AcknowledgeAsync(PortalIdentity.ActorOf(user), id, body.Comment, ct) ? TypedResults.NoContent() : UnknownAlert(id);

    private static async Task<IResult> SilenceAsync(long id, Silence body, AlertChanges changes, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        if (body.Until is not { } until || until <= time.GetUtcNow())
        {
            return Problems.Invalid("until", "'until' must be a time in the future (ISO-8601).");
        }

        return await changes.SilenceAsync(PortalIdentity.ActorOf(user), id, until, body.Comment, ct) ? TypedResults.NoContent() : UnknownAlert(id);
    }

    private static async Task<IResult> ExpectationsAsync(ExpectationService expectations, CancellationToken ct) =>
        TypedResults.Ok((await expectations.ListAsync(ct)).Select(ExpectationDto.From).ToArray());

    private static async Task<IResult> CreateAsync(NewExpectation body, ExpectationChanges expectations, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await expectations.CreateAsync(PortalIdentity.ActorOf(user), body.Draft, ct);
        return outcome is { Ok: true, Value: { } e }
            ? TypedResults.Created($"/api/v1/expectations/{e.Id}", ExpectationDto.From(e))
            : Problems.Invalid(outcome.Errors);
    }

    private static async Task<IResult> ImportAsync(IReadOnlyList<ImportedExpectation?> body, ExpectationChanges expectations, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await expectations.ImportAsync(PortalIdentity.ActorOf(user), body, ct);
        return outcome.Ok ? TypedResults.Ok(new { imported = outcome.Value }) : Problems.Invalid(outcome.Errors);
    }

    private static async Task<IResult> DeleteAsync(string id, ExpectationChanges expectations, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await expectations.DeleteAsync(PortalIdentity.ActorOf(user), id, ct);
        return !outcome.Ok ? Problems.Invalid(outcome.Errors)
            : outcome.Value ? TypedResults.NoContent()
            : Problems.NotFound("Unknown expectation", $"No expectation has the id '{id}'.");
    }

    private static async Task<IResult> TestNotificationAsync(TestNotification body, NotificationChanges notifications, ClaimsPrincipal user, CancellationToken ct) =>
        await notifications.SendTestAsync(PortalIdentity.ActorOf(user), ct) is { } channels
            ? TypedResults.Accepted((string?)null, new { queued = channels.Count, channels })
            : Problems.Invalid("channels", "No notification channel is configured (Notifications:Webhooks, Notifications:Smtp).");

    private static IResult UnknownAlert(long id) => Problems.NotFound("Unknown alert", $"No alert has the id {id}.");
}
