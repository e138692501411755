using Bunit;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Audit;
using HybridRoutingPortal.Monitoring.Notifications;
using HybridRoutingPortal.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>Pages rendered by bUnit act as local mode's "local user" with every role, over the test's own store.</summary>
public static class BunitUser
{
    public static Bunit.TestDoubles.BunitAuthorizationContext AddLocalUser(this BunitContext ctx, AlertStore alerts, AuditStore auditStore, TimeProvider clock,
        NotificationService? notifications = null)
    {
        var user = ctx.AddAuthorization();
        user.SetAuthorized(Actor.LocalUser.Name);
        user.SetRoles([.. PortalRoles.All]);
        user.SetPolicies(PortalPolicies.Viewer, PortalPolicies.Operator, PortalPolicies.Admin);
        var audit = new AuditTrail(auditStore, clock);
        ctx.Services.AddSingleton(audit);
        ctx.Services.AddSingleton(new AlertChanges(alerts, audit, clock));
        if (notifications is not null)
        {
            ctx.Services.AddSingleton(new NotificationChanges(notifications, audit));
        }

        ctx.Services.AddScoped<UserAccess>();
        return user;
    }
}
