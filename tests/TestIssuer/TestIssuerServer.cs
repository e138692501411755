using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TestIssuer;

/// <summary>
/// An OpenID Connect provider on a loopback port, served by Kestrel: discovery, keys, an authorization endpoint with a
/// login page (code + PKCE), a token endpoint (the code, and the password grant for API tests) and end-session.
/// OpenIddict's server runs in degraded mode: clients and users live in <see cref="TestUsers"/>, not a database.
/// Tokens carry what Entra ID's do: name, preferred_username, oid, sub and the app roles in <c>roles</c>.
/// </summary>
public sealed class TestIssuerServer : IAsyncDisposable
{
    public const string LoginCookie = "test-issuer-login";

    private readonly WebApplication _app;

    private TestIssuerServer(WebApplication app, RsaSecurityKey signingKey, string audience)
    {
        _app = app;
        SigningKey = signingKey;
        Audience = audience;
    }

    /// <summary>The issuer as its discovery document names it (with the trailing slash).</summary>
    public string Issuer => BaseUrl + "/";

    public string BaseUrl { get; private set; } = "";

    /// <summary>The key tokens are signed with, so a test can mint a token the issuer would not (expired, another audience).</summary>
    public RsaSecurityKey SigningKey { get; }

    public string Audience { get; }

    public static async Task<TestIssuerServer> StartAsync(string audience = TestUsers.PortalClientId, string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var signingKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-issuer-signing" };
        builder.Services.AddAuthentication(LoginCookie).AddCookie(LoginCookie, o =>
        {
            o.Cookie.Name = LoginCookie;
            o.LoginPath = "/login";
        });
        builder.Services.AddAuthorization();
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            o.AllowAuthorizationCodeFlow().AllowPasswordFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            o.AddSigningKey(signingKey).AddEphemeralEncryptionKey();
            // JWT access tokens a resource server can read, as Entra issues them.
            o.DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            o.UseAspNetCore()
                .DisableTransportSecurityRequirement() // loopback http: a test issuer
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough();
            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(ValidateAuthorization));
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(h => h.UseInlineHandler(ValidateToken));
            o.AddEventHandler<OpenIddictServerEvents.HandleTokenRequestContext>(h => h.UseInlineHandler(c => HandlePassword(c, audience)));
            o.AddEventHandler<OpenIddictServerEvents.ValidateEndSessionRequestContext>(h => h.UseInlineHandler(ValidateEndSession));
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        var server = new TestIssuerServer(app, signingKey, audience);
        server.Map();
        await app.StartAsync();
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    private void Map()
    {
        _app.MapGet("/login", (string? returnUrl, string? error) => Results.Content(LoginPage(returnUrl ?? "/", error), "text/html; charset=utf-8"));
        _app.MapPost("/login", async (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] LoginForm form) =>
        {
            var returnUrl = form.ReturnUrl is { } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) ? r : "/";
            if (TestUsers.Find(form.Username) is not { } user || form.Password != TestUsers.Password)
            {
                return Results.Redirect($"/login?error=1&returnUrl={Uri.EscapeDataString(returnUrl)}");
            }

            await context.SignInAsync(LoginCookie, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Login)], LoginCookie)));
            return Results.Redirect(returnUrl);
        }).DisableAntiforgery();
        _app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync);
        _app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync);
    }

    /// <summary>The authorization endpoint: a person who has not logged in here is sent to the login page first.</summary>
    private async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var login = await context.AuthenticateAsync(LoginCookie);
        if (!login.Succeeded || TestUsers.Find(login.Principal?.Identity?.Name) is not { } user)
        {
            var here = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            return Results.Redirect("/login?returnUrl=" + Uri.EscapeDataString(here));
        }

        var identity = Identity(user, Audience);
        identity.SetScopes(request.GetScopes());
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context)
    {
        await context.SignOutAsync(LoginCookie);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>The claims Entra puts in its tokens, each in the id token and the access token.</summary>
    public static ClaimsIdentity Identity(TestUser user, string audience)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, "roles");
        identity.SetClaim(Claims.Subject, user.ObjectId)
            .SetClaim("oid", user.ObjectId)
            .SetClaim(Claims.Name, user.Name)
            .SetClaim(Claims.PreferredUsername, user.Login + "@contoso.example")
            .SetClaims("roles", [.. user.Roles]);
        identity.SetResources(audience);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return identity;
    }

    private static ValueTask ValidateAuthorization(OpenIddictServerEvents.ValidateAuthorizationRequestContext context)
    {
        if (context.ClientId != TestUsers.PortalClientId)
        {
            context.Reject(Errors.InvalidClient, "Unknown client_id.");
        }
        else if (!IsLoopbackCallback(context.RedirectUri, "/signin-oidc"))
        {
            // Lenient for tests: the portal runs on a port chosen at start, so any loopback /signin-oidc is its.
            context.Reject(Errors.InvalidRequest, "redirect_uri must be a loopback /signin-oidc.");
        }

        return default;
    }

    private static ValueTask ValidateToken(OpenIddictServerEvents.ValidateTokenRequestContext context)
    {
        if (context.ClientId != TestUsers.PortalClientId || context.ClientSecret != TestUsers.PortalClientSecret)
        {
            context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
        }

        return default;
    }

    /// <summary>The password grant, for API tests that need a person's token without a browser.</summary>
    private static ValueTask HandlePassword(OpenIddictServerEvents.HandleTokenRequestContext context, string audience)
    {
        if (!context.Request.IsPasswordGrantType())
        {
            return default;
        }

        if (TestUsers.Find(context.Request.Username) is not { } user || context.Request.Password != TestUsers.Password)
        {
            context.Reject(Errors.InvalidGrant, "Unknown user or wrong password.");
            return default;
        }

        var identity = Identity(user, audience);
        identity.SetScopes(context.Request.GetScopes());
        context.SignIn(new ClaimsPrincipal(identity));
        return default;
    }

    private static ValueTask ValidateEndSession(OpenIddictServerEvents.ValidateEndSessionRequestContext context)
    {
        if (!string.IsNullOrEmpty(context.PostLogoutRedirectUri) && !IsLoopbackCallback(context.PostLogoutRedirectUri, "/signout-callback-oidc"))
        {
            context.Reject(Errors.InvalidRequest, "post_logout_redirect_uri must be a loopback /signout-callback-oidc.");
        }

        return default;
    }

    private static bool IsLoopbackCallback(string? uri, string path) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.AbsolutePath == path
        && (u.Host == "localhost" || (IPAddress.TryParse(u.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    private static string LoginPage(string returnUrl, string? error) => $"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Test issuer</title></head>
        <body style="font-family:sans-serif;margin:3rem">
        <h1>Contoso test sign-in</h1>
        {(error is null ? "" : "<p id=\"error\" style=\"color:#b00\">Unknown user or wrong password.</p>")}
        <form method="post" action="/login">
          <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
          <p><label>User <input id="username" name="username" autocomplete="username"></label></p>
          <p><label>Password <input id="password" name="password" type="password" autocomplete="current-password"></label></p>
          <p><button id="sign-in" type="submit">Sign in</button></p>
        </form>
        <p>Users: {string.Join(", ", TestUsers.All.Select(u => $"{u.Login} ({(u.Roles.Count == 0 ? "no role" : string.Join(", ", u.Roles))})"))}.</p>
        </body></html>
        """;

    /// <summary>An access token for <paramref name="user"/> by the password grant, as a script or test calling the API would get one.</summary>
    public async Task<string> PasswordTokenAsync(TestUser user, CancellationToken ct = default)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(BaseUrl + "/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = user.Login,
            ["password"] = TestUsers.Password,
            ["client_id"] = TestUsers.PortalClientId,
            ["client_secret"] = TestUsers.PortalClientSecret,
            ["scope"] = "openid profile",
        }), ct);
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class LoginForm
    {
        public string? Username { get; set; }

        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
