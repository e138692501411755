using HybridRoutingPortal.Monitoring.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>Marks an endpoint as a change the audit trail records, with the route value that names its subject.</summary>
public sealed record AuditedAction(string Action, Func<HttpContext, string> Target);

/// <summary>
/// Writes a refused attempt at a change (a signed-in person whose roles do not allow it: 403) to the audit trail,
/// then answers as the framework does.
/// </summary>
public sealed class AuditedRefusals(AuditTrail audit, ILogger<AuditedRefusals> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<AuditedAction>() is { } action)
        {
            var actor = PortalIdentity.ActorOf(context.User);
            try
            {
                await audit.RefusedAsync(actor, action.Action, action.Target(context), context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The refusal stands whether or not it could be written down.
                logger.LogError(ex, "Could not record the refused {Action} by {Actor}", action.Action, actor.Name);
            }
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

public static class AuditedEndpoints
{
    /// <summary>This endpoint is the change <paramref name="action"/>; its subject is read from the request by <paramref name="target"/>.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, Func<HttpContext, string> target)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AuditedAction(action, target));

    public static string RouteValue(HttpContext context, string name, string prefix) => $"{prefix}/{context.Request.RouteValues[name]}";
}
