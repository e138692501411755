using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>Sign-in, sign-out and "no role" for browsers in Oidc mode; local mode has none of them.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Read as configured, not through validated options: a bad Auth setting is reported by start-up's check, not thrown here.
        if (!PortalAuthentication.AuthOptionsSnapshot.Read(app.ServiceProvider.GetRequiredService<IConfiguration>()).IsOidc)
        {
            return app;
        }

        app.MapGet(PortalAuthentication.SignInPath, (HttpContext context, string? returnUrl) =>
                TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous().ExcludeFromDescription();
        // A form post with the antiforgery token, so another site cannot sign people out. The antiforgery middleware only
        // records its verdict (an endpoint that binds no form field is never refused by it), so the handler reads it; no
        // verdict at all (the middleware did not run) is a refusal too.
        app.MapPost(PortalAuthentication.SignOutPath, Results<SignOutHttpResult, ProblemHttpResult> (HttpContext context) =>
                context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
                    ? TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                        [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme])
                    : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                        detail: "Sign out with the form on the portal's pages."))
            .AllowAnonymous().ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapGet(PortalAuthentication.AccessDeniedPath, (HttpContext context) => TypedResults.Content(AccessDeniedPage(context), "text/html; charset=utf-8", statusCode: 403))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Only a path on this site: a sign-in link cannot send someone elsewhere afterwards.</summary>
    private static string LocalOnly(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl : "/";

    private static string AccessDeniedPage(HttpContext context)
    {
        var who = WebUtility.HtmlEncode(PortalIdentity.ActorOf(context.User).Name);
        var roles = string.Join(", ", PortalRoles.All);
        return $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>No access · HybridRoutingPortal</title></head>
            <body style="font-family:sans-serif;margin:3rem">
            <h1>No access</h1>
            <p data-testid="access-denied">You are signed in as <b>{who}</b>, but your account has none of this portal's roles ({roles}).
            Ask an administrator of the app registration to assign you one (docs/auth.md).</p>
            </body></html>
            """;
    }
}
