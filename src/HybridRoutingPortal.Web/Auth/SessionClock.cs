using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>
/// When a browser sign-in ends, written into the session itself: the cookie expires then, and an open page (its Blazor
/// circuit, which outlives any cookie check) is signed out at the same moment by <see cref="CircuitUserRevalidation"/>.
/// </summary>
public static class SessionClock
{
    public const string ExpiresClaim = "hrp_session_expires";

    public static Task Stamp(CookieSigningInContext context)
    {
        var issued = context.Properties.IssuedUtc ?? context.Options.TimeProvider?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        var expires = context.Properties.ExpiresUtc ?? issued + context.Options.ExpireTimeSpan;
        if (context.Principal?.Identity is ClaimsIdentity identity)
        {
            foreach (var old in identity.FindAll(ExpiresClaim).ToArray())
            {
                identity.RemoveClaim(old);
            }

            identity.AddClaim(new Claim(ExpiresClaim, expires.UtcTicks.ToString(CultureInfo.InvariantCulture)));
        }

        return Task.CompletedTask;
    }

    /// <summary>When the session ends; null for a principal that has no browser session (local mode, a bearer token).</summary>
    public static DateTimeOffset? ExpiresAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(ExpiresClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
}
