using System.Security.Claims;
using HybridRoutingPortal.Monitoring.Audit;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>Who a signed-in principal is, for the audit trail and the acknowledge form: from the token's claims only.</summary>
public static class PortalIdentity
{
    /// <summary>Entra's object id of the person; other providers have only <c>sub</c>.</summary>
    public const string ObjectIdClaim = "oid";

    public static Actor ActorOf(ClaimsPrincipal user)
    {
        if (user.Identity?.AuthenticationType == LocalUserHandler.SchemeName)
        {
            return Actor.LocalUser;
        }

        var id = First(user, ObjectIdClaim, "sub", ClaimTypes.NameIdentifier);
        var name = First(user, PortalRoles.NameClaim, "preferred_username", ClaimTypes.Name) ?? id ?? "unknown";
        return new Actor(name, id);
    }

    private static string? First(ClaimsPrincipal user, params string[] types) =>
        types.Select(t => user.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
