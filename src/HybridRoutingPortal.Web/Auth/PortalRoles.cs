using Microsoft.AspNetCore.Authorization;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>
/// The app roles (Entra app roles, the token's <c>roles</c> claim; DESIGN.md §4) and the policies built on them.
/// Each role includes the ones below it: an Operator may read, an Admin may do what an Operator does.
/// </summary>
public static class PortalRoles
{
    public const string Viewer = "HybridRouting.Viewer";
    public const string Operator = "HybridRouting.Operator";
    public const string Admin = "HybridRouting.Admin";

    /// <summary>The claim roles come in (Entra's app roles), and the one that names the person.</summary>
    public const string RoleClaim = "roles";
    public const string NameClaim = "name";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    public static AuthorizationPolicy ViewerPolicy { get; } = Requiring(Viewer, Operator, Admin);

    public static void AddPolicies(AuthorizationBuilder authorization) => authorization
        .AddPolicy(PortalPolicies.Viewer, ViewerPolicy)
        .AddPolicy(PortalPolicies.Operator, Requiring(Operator, Admin))
        .AddPolicy(PortalPolicies.Admin, Requiring(Admin))
        // Nothing is open by accident: an endpoint or page that names no policy needs a Viewer.
        .SetFallbackPolicy(ViewerPolicy);

    private static AuthorizationPolicy Requiring(params string[] roles) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles).Build();
}

/// <summary>Policy names endpoints and pages ask for.</summary>
public static class PortalPolicies
{
    /// <summary>Read everything.</summary>
    public const string Viewer = "Viewer";

    /// <summary>Acknowledge, silence, manage expectations.</summary>
    public const string Operator = "Operator";

    /// <summary>Notification settings and the test notification, retention.</summary>
    public const string Admin = "Admin";
}
