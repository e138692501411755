using System.Security.Claims;
using HybridRoutingPortal.Monitoring.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>
/// What the person on a page may do, asked of the same policies the API uses. A page hides what they may not do, and its
/// handlers ask again before acting (a hidden button is no protection): a refused attempt goes to the audit trail.
/// </summary>
public sealed class UserAccess(AuthenticationStateProvider state, IAuthorizationService authorization, AuditTrail audit)
{
    public async Task<ClaimsPrincipal> UserAsync() => (await state.GetAuthenticationStateAsync()).User;

    public async Task<bool> AllowsAsync(string policy) => (await authorization.AuthorizeAsync(await UserAsync(), policy)).Succeeded;

    public async Task<Actor> ActorAsync() => PortalIdentity.ActorOf(await UserAsync());

    /// <summary>The person, when <paramref name="policy"/> allows them the change; otherwise null, and the attempt is recorded as refused.</summary>
    public async Task<Actor?> ChangeAsync(string policy, string action, string target, CancellationToken ct)
    {
        var user = await UserAsync();
        var actor = PortalIdentity.ActorOf(user);
        if ((await authorization.AuthorizeAsync(user, policy)).Succeeded)
        {
            return actor;
        }

        await audit.RefusedAsync(actor, action, target, ct);
        return null;
    }

    public static string RoleNeeded(string policy) => policy switch
    {
        PortalPolicies.Operator => $"{PortalRoles.Operator} (or {PortalRoles.Admin})",
        PortalPolicies.Admin => PortalRoles.Admin,
        _ => PortalRoles.Viewer,
    };
}
