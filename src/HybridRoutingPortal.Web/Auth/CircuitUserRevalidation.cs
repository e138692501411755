using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>
/// Binds an open page to its sign-in: every minute the circuit's user is checked again, and once the session has ended
/// the page's user becomes nobody (the layout then reloads the page, which asks the provider to sign in again).
/// </summary>
public sealed class CircuitUserRevalidation(ILoggerFactory loggerFactory, TimeProvider time) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(IsCurrent(authenticationState.User, time.GetUtcNow()));

    public static bool IsCurrent(System.Security.Claims.ClaimsPrincipal user, DateTimeOffset now) =>
        user.Identity?.IsAuthenticated == true && (SessionClock.ExpiresAt(user) is not { } expires || now < expires);
}
