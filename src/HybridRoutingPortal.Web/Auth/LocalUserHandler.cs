using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>
/// Local mode's sign-in: every request over loopback (the only kind local mode accepts) is "local user" with every role,
/// so the same policies, UI checks and audit trail apply in both modes. A request from elsewhere is nobody.
/// </summary>
public sealed class LocalUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Local";

    private static readonly ClaimsPrincipal LocalUser = new(new ClaimsIdentity(
        [new Claim(PortalRoles.NameClaim, Monitoring.Audit.Actor.LocalUser.Name), .. PortalRoles.All.Select(r => new Claim(PortalRoles.RoleClaim, r))],
        SchemeName, PortalRoles.NameClaim, PortalRoles.RoleClaim));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Unix sockets and in-process test servers have no remote address; an IP connection must come from loopback.
        var remote = Context.Connection.RemoteIpAddress;
        return Task.FromResult(remote is null || IPAddress.IsLoopback(remote)
            ? AuthenticateResult.Success(new AuthenticationTicket(LocalUser, SchemeName))
            : AuthenticateResult.NoResult());
    }
}
