namespace HybridRoutingPortal.Web.Hosting;

/// <summary>
/// Headers every answer carries: no framing (clickjacking), no MIME sniffing, no referrer leaving the app, and a
/// content security policy the app itself passes — its scripts, modules and workers come from itself only; styles
/// may be inline because MudBlazor sets them on elements.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <param name="signInOrigin">With sign-in, the identity provider's origin: signing out is a form post answered by a redirect there.</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? signInOrigin = null)
    {
        var policy = signInOrigin is null ? ContentSecurityPolicy
            : ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {signInOrigin}", StringComparison.Ordinal);
        return app.Use((context, next) => Apply(context, next, policy));
    }

    private static Task Apply(HttpContext context, RequestDelegate next, string policy)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = policy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
