using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HybridRoutingPortal.Web.Api;

public sealed record HealthDto(string Status, string Detail, IReadOnlyList<BackgroundStatus>? Services = null);

/// <summary>/healthz (the process is alive) and /readyz (database reachable and migrated, background services running).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthDto("ok", "The process is alive.")))
            .WithName("Liveness").WithTags("Health").AllowAnonymous();
        app.MapGet("/readyz", ReadyAsync).WithName("Readiness").WithTags("Health").AllowAnonymous()
            .WithSummary("Ready when the database answers with every migration applied and no background service is waiting to retry after a failure.");
        return app;
    }

    private static async Task<Results<Ok<HealthDto>, JsonHttpResult<HealthDto>>> ReadyAsync(
        IDbContextFactory<RoutingDbContext> db, BackgroundHealth background, CancellationToken ct)
    {
        var (ready, detail) = await RoutingDatabase.CheckAsync(db, ct);
        var services = background.Current;
        if (ready && !background.Healthy)
        {
            ready = false;
            detail += " " + string.Join(" ", services.Where(s => s.State == BackgroundState.Retrying)
                .Select(s => $"{s.Name} failed ({s.LastError}) and retries at {s.RetryAt:u}."));
        }

        return ready
            ? TypedResults.Ok(new HealthDto("ready", detail, services))
            : TypedResults.Json(new HealthDto("unavailable", detail, services), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
