using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;
using HybridRoutingPortal.Monitoring.Explain;
using HybridRoutingPortal.Web.Auth;

namespace HybridRoutingPortal.Web.Api;

/// <summary>GET /api/v1/explain: where a prefix goes, where it stops and why (docs/explain.md, DESIGN.md §4).</summary>
public static class ExplainApi
{
    private const string OriginMessage = "'origin' is 'OnPrem', 'Avs', 'Vnet' or 'Nva': where the prefix enters the estate, when it is not the one the estate shows.";

    public static IEndpointRouteBuilder MapExplainApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Explain").RequireAuthorization(PortalPolicies.Viewer);
        api.MapGet("/explain", ExplainAsync).WithName("Explain").Produces<ExplanationDto>().ProducesValidationProblem()
            .WithSummary("Why a prefix (or an IP address) is or is not where the estate should carry it, at a moment (default now).")
            .WithDescription("Hops in path order from the prefix's origin; each has a status (present, default, diverted, absent, unknown), " +
                "the rule that carries the prefix there (via) and, where it is not present, a reason: a stable code (docs/explain.md), a sentence, " +
                "the evidence and a suggested change. origin= follows a given origin's path (OnPrem, Avs, Vnet, Nva) instead of the one the estate shows.");
        return app;
    }

    private static async Task<IResult> ExplainAsync(ExplainService explain, TimeProvider time, CancellationToken ct,
        string? prefix = null, string? at = null, string? origin = null)
    {
        var input = new QueryInput(time.GetUtcNow());
        // An address explains its host route: the most specific route covering it.
        var subject = input.Prefix("prefix", prefix);
        input.Check(subject is not null || !input.Valid, "prefix", "A prefix or an IP address is required, for example 10.202.40.0/24 or 10.202.40.7.");
        var moment = input.Time("at", at);
        var kind = string.IsNullOrWhiteSpace(origin) ? (OriginKind?)null : input.Enum("origin", origin, OriginKind.OnPrem, OriginMessage);
        if (!input.Valid || subject is not { } p)
        {
            return input.Problem();
        }

        var explanation = await explain.ExplainAsync(p, moment, kind is { } k ? new OriginHint(k) : null, ct);
        return TypedResults.Ok(ExplanationDto.From(explanation));
    }
}
