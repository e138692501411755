using System.Net;
using HybridRoutingPortal.Web.Hosting;
using HybridRoutingPortal.Web.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>
/// Who may do what (docs/auth.md). Local mode: everyone on loopback is "local user" with every role. Oidc: browsers sign
/// in with OpenID Connect (code + PKCE) into a cookie, the API takes bearer tokens (JWT, the authority's keys, the
/// configured audience); a policy scheme picks one per request. Either way the same role policies apply everywhere.
/// </summary>
public static class PortalAuthentication
{
    /// <summary>The scheme that chooses between the cookie and the bearer token.</summary>
    public const string PortalScheme = "Portal";

    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string AccessDeniedPath = "/access-denied";

    public static WebApplicationBuilder AddPortalAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var auth = AuthOptionsSnapshot.Read(builder.Configuration);
        PortalRoles.AddPolicies(services.AddAuthorizationBuilder());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditedRefusals>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitUserRevalidation>();
        services.AddScoped<UserAccess>();
        services.AddSecretFreeLogging();

        if (!auth.IsOidc)
        {
            services.AddAuthentication(LocalUserHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, LocalUserHandler>(LocalUserHandler.SchemeName, null);
            return builder;
        }

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PortalScheme;
                o.DefaultChallengeScheme = PortalScheme;
            })
            .AddPolicyScheme(PortalScheme, "Cookie for browsers, bearer token for automation", o => o.ForwardDefaultSelector = SchemeFor)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "hrp.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = SignInPath;
                o.AccessDeniedPath = AccessDeniedPath;
                o.Events = new CookieAuthenticationEvents
                {
                    // The API answers 401/403 (problem+json); only pages are sent to sign in.
                    OnRedirectToLogin = c => ApiOr(c, StatusCodes.Status401Unauthorized, () => c.Response.Redirect(c.RedirectUri)),
                    OnRedirectToAccessDenied = c => ApiOr(c, StatusCodes.Status403Forbidden, () => c.Response.Redirect(c.RedirectUri)),
                    OnSigningIn = SessionClock.Stamp,
                };
            })
            .AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                o.Authority = auth.Authority;
                o.ClientId = auth.ClientId;
                o.ClientSecret = string.IsNullOrWhiteSpace(auth.ClientSecret) ? null : auth.ClientSecret;
                o.RequireHttpsMetadata = !auth.AuthorityIsLoopback;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                // The code comes back on a top-level GET, so the correlation and nonce cookies can stay SameSite=Lax
                // (a form_post back from another site would need SameSite=None, which browsers drop without https).
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.TokenValidationParameters = new TokenValidationParameters { NameClaimType = PortalRoles.NameClaim, RoleClaimType = PortalRoles.RoleClaim };
            })
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.Authority = auth.Authority;
                o.Audience = auth.EffectiveAudience;
                o.RequireHttpsMetadata = !auth.AuthorityIsLoopback;
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = auth.EffectiveAudience,
                    NameClaimType = PortalRoles.NameClaim,
                    RoleClaimType = PortalRoles.RoleClaim,
                };
            });
        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.ExpireTimeSpan = auth.Lifetime;
            o.SlidingExpiration = false;
        });
        if (auth.KnownProxies.Count + auth.KnownNetworks.Count > 0)
        {
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                // Only the configured proxies are believed: not even loopback by default.
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in auth.KnownProxies)
                {
                    if (IPAddress.TryParse(proxy, out var ip))
                    {
                        o.KnownProxies.Add(ip);
                    }
                }

                foreach (var network in auth.KnownNetworks)
                {
                    if (System.Net.IPNetwork.TryParse(network, out var n))
                    {
                        o.KnownIPNetworks.Add(n);
                    }
                }
            });
        }

        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddHttpsRedirection(o => o.HttpsPort = PublicHttpsPort(builder.Configuration));
        return builder;
    }

    /// <summary>
    /// Where plain http off loopback is redirected. When Kestrel serves https itself (an https URL or endpoint) or
    /// HTTPS_PORT is set, ASP.NET finds the port on its own (null here). Otherwise TLS ends at a proxy and Kestrel
    /// listens on http only: without a port ASP.NET would log a warning and serve plain http, so it is 443, the proxy's.
    /// </summary>
    internal static int? PublicHttpsPort(IConfiguration configuration)
    {
        static bool IsHttps(string? url) => url?.TrimStart().StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

        var kestrelServesHttps = !string.IsNullOrWhiteSpace(configuration["https_port"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || (configuration["urls"] ?? "").Split(';').Any(IsHttps)
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => IsHttps(e["Url"]));
        return kestrelServesHttps ? null : 443;
    }

    /// <summary>
    /// The front of the pipeline, before routing: forwarded headers from configured proxies (Oidc), then local mode's
    /// loopback-Host check, or HTTPS redirection and HSTS for requests that are not on loopback.
    /// </summary>
    public static WebApplication UsePortalEdge(this WebApplication app)
    {
        var auth = AuthOptionsSnapshot.Read(app.Configuration);
        if (!auth.IsOidc)
        {
            app.UseLoopbackHostsOnly();
            return app;
        }

        if (auth.KnownProxies.Count + auth.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseWhen(c => !LocalBinding.IsLoopbackHost(c.Request.Host.Host), remote => remote.UseHsts().UseHttpsRedirection());
        return app;
    }

    /// <summary>Authentication and authorization, after routing (so endpoint policies are known) and before antiforgery.</summary>
    public static WebApplication UsePortalAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The identity provider's origin in Oidc mode (https://login.microsoftonline.com), else null.</summary>
    public static string? IdentityProviderOrigin(IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptionsSnapshot>();
        return auth is { IsOidc: true } && Uri.TryCreate(auth.Authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
    }

    /// <summary>A bearer token goes to JwtBearer; everything else to the browser's cookie.</summary>
    private static string SchemeFor(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? JwtBearerDefaults.AuthenticationScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, int status, Action redirect)
    {
        if (ApiErrors.IsApi(context.HttpContext))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                // What a program should send instead: a bearer token (RFC 6750).
                context.Response.Headers.WWWAuthenticate = JwtBearerDefaults.AuthenticationScheme;
            }
        }
        else
        {
            redirect();
        }

        return Task.CompletedTask;
    }

    /// <summary>The Auth section as the host is built, before options validation runs (a bad value is reported there).</summary>
    internal sealed class AuthOptionsSnapshot
    {
        public string? Mode { get; set; }

        public string? Authority { get; set; }

        public string? ClientId { get; set; }

        public string? ClientSecret { get; set; }

        public string? Audience { get; set; }

        public List<string> KnownProxies { get; set; } = [];

        public List<string> KnownNetworks { get; set; } = [];

        public string? SessionLifetime { get; set; }

        public string? AnonymousMetrics { get; set; }

        public bool IsOidc => string.Equals(Mode?.Trim(), nameof(AuthMode.Oidc), StringComparison.OrdinalIgnoreCase);

        public string EffectiveAudience => string.IsNullOrWhiteSpace(Audience) ? ClientId ?? "" : Audience;

        public bool AuthorityIsLoopback => new AuthOptions { Authority = Authority }.AuthorityIsLoopback;

        /// <summary>As <see cref="AuthOptions.MetricsAreAnonymous"/>; a value that is not a boolean is reported by validation.</summary>
        public bool MetricsAreAnonymous => bool.TryParse(AnonymousMetrics, out var anonymous) ? anonymous : !IsOidc;

        /// <summary>
        /// The Auth section as it stands, for what is decided while the app is built and mapped: validation has not run
        /// yet, and a bad value must reach it (one line, exit code 1) rather than throw here.
        /// </summary>
        public static AuthOptionsSnapshot Read(IConfiguration configuration) =>
            configuration.GetSection(AuthOptions.Section).Get<AuthOptionsSnapshot>() ?? new AuthOptionsSnapshot();

        public TimeSpan Lifetime => TimeSpan.TryParse(SessionLifetime, System.Globalization.CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t : TimeSpan.FromHours(8);
    }
}

public static class MetricsAccess
{
    /// <summary>/metrics for anyone when Auth:AnonymousMetrics allows it (the default in local mode), else for Viewers.</summary>
    public static IEndpointConventionBuilder WithMetricsAccess(this IEndpointConventionBuilder metrics, IServiceProvider services) =>
        PortalAuthentication.AuthOptionsSnapshot.Read(services.GetRequiredService<IConfiguration>()).MetricsAreAnonymous
            ? metrics.AllowAnonymous()
            : metrics.RequireAuthorization(PortalPolicies.Viewer);
}
