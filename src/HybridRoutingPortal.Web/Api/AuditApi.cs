using System.Globalization;
using System.Text.Json;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Audit;
using HybridRoutingPortal.Web.Auth;

namespace HybridRoutingPortal.Web.Api;

/// <summary>One audit record: who (from their token), what, when, and the subject before and after (JSON, as recorded).</summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string? ActorId, string Action, string Target, bool Allowed,
    JsonElement? Before, JsonElement? After)
{
    public static AuditEntryDto From(AuditRecord r) =>
        new(r.Id, r.At, r.ActorName, r.ActorId, r.Action, r.Target, r.Allowed, Parse(r.Before), Parse(r.After));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

/// <param name="Count">Records in this page.</param>
/// <param name="Continuation">Pass as <c>continuation</c> for the next (older) page; null on the last.</param>
public sealed record AuditResponse(int Count, IReadOnlyList<AuditEntryDto> Entries, string? Continuation);

/// <summary>GET /api/v1/audit: the audit trail, newest first, filtered and paged (docs/auth.md).</summary>
public static class AuditApi
{
    public const int DefaultPage = 100;
    public const int MaxPage = 1000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Audit").RequireAuthorization(PortalPolicies.Viewer)
            .MapGet("/audit", ListAsync).WithName("ListAudit").Produces<AuditResponse>().ProducesValidationProblem()
            .WithSummary("Every change people made (and every attempt their roles refused), newest first.")
            .WithDescription("Filters: actor= (part of a name, or an exact object id), action= (alert.acknowledge, alert.silence, expectation.create, " +
                "expectation.delete, expectation.import, notification.test), target= (alert/42), outcome= (allowed or refused), from= and to= (moments). " +
                "limit= (1-1000, default 100) and continuation= page through it.");
        return app;
    }

    private static async Task<IResult> ListAsync(AuditTrail audit, TimeProvider time, CancellationToken ct,
        string? actor = null, string? action = null, string? target = null, string? outcome = null, string? from = null, string? to = null,
        int? limit = null, string? continuation = null)
    {
        var input = new QueryInput(time.GetUtcNow());
        input.Check(string.IsNullOrWhiteSpace(action) || AuditActions.All.Contains(action.Trim()), "action",
            $"'action' is one of {string.Join(", ", AuditActions.All)}.");
        input.Check(outcome is null or "" or "allowed" or "refused", "outcome", "'outcome' is 'allowed' or 'refused'.");
        var start = input.OptionalTime("from", from);
        var end = input.OptionalTime("to", to);
        input.Check(!(start > end), "to", "'to' must not be before 'from'.");
        var pageSize = input.Limit(limit, DefaultPage, MaxPage);
        var before = input.Continuation<long>(continuation, AuditCursor.TryParse);
        if (!input.Valid)
        {
            return input.Problem();
        }

        var query = new AuditQuery(actor, action?.Trim(), target, outcome switch { "allowed" => true, "refused" => false, _ => null }, start, end);
        var page = await audit.PageAsync(query, before, pageSize, ct);
        return TypedResults.Ok(new AuditResponse(page.Records.Count, page.Records.Select(AuditEntryDto.From).ToArray(),
            page.NextBefore is { } next ? AuditCursor.ToToken(next) : null));
    }
}

/// <summary>The audit trail's continuation token: the records older than a given one.</summary>
public static class AuditCursor
{
    private const string Prefix = "before-";

    public static string ToToken(long id) => Prefix + id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? token, out long id)
    {
        id = 0;
        return token is not null && token.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(token.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }
}
