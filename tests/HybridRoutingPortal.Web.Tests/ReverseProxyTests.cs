using System.Net;
using HybridRoutingPortal.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TestIssuer;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>Team mode behind a reverse proxy at <see cref="Proxy"/>: the only address whose X-Forwarded-* headers are believed.</summary>
public sealed class ProxiedPortalFactory : OidcPortalFactory
{
    public static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.4");

    protected override void ConfigureTeamMode(IWebHostBuilder builder) => builder.UseSetting("Auth:KnownProxies:0", Proxy.ToString());
}

/// <summary>
/// docs/auth.md, "Behind a reverse proxy", against the real app and the real loopback issuer: forwarded headers only from
/// the configured proxy (they decide the redirect URI the provider is sent), HTTPS and HSTS off loopback only, and
/// antiforgery on form posts. Requests go in through the test server with the connection's remote address set, as
/// Kestrel would see a proxy's or a stranger's connection.
/// </summary>
public sealed class ReverseProxyTests(ProxiedPortalFactory factory) : IClassFixture<ProxiedPortalFactory>
{
    private const string PublicHost = "portal.contoso.example";

    private static readonly IPAddress Stranger = IPAddress.Parse("10.9.9.9");

    private Task<HttpContext> SendAsync(string path, IPAddress from, string scheme = "http", string host = "127.0.0.1",
        Action<HttpRequest>? request = null, string method = "GET") =>
        factory.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = from;
            context.Request.Method = method;
            context.Request.Scheme = scheme;
            context.Request.Host = new HostString(host);
            context.Request.Path = path;
            request?.Invoke(context.Request);
        });

    private static void Forwarded(HttpRequest request)
    {
        request.Headers["X-Forwarded-For"] = "203.0.113.7";
        request.Headers["X-Forwarded-Proto"] = "https";
        request.Headers["X-Forwarded-Host"] = PublicHost;
    }

    /// <summary>The redirect_uri the sign-in challenge sends the provider (through its authorize endpoint).</summary>
    private string RedirectUriOf(HttpContext challenge)
    {
        Assert.Equal(StatusCodes.Status302Found, challenge.Response.StatusCode);
        var location = new Uri(challenge.Response.Headers.Location.ToString());
        Assert.StartsWith(factory.Issuer.Issuer.TrimEnd('/'), location.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query)["redirect_uri"].ToString();
    }

    [Fact]
    public async Task Forwarded_headers_from_the_configured_proxy_make_the_redirect_uri_the_public_https_one()
    {
        var challenge = await SendAsync(PortalAuthentication.SignInPath, ProxiedPortalFactory.Proxy, request: Forwarded);
        Assert.Equal($"https://{PublicHost}/signin-oidc", RedirectUriOf(challenge));
        // The proxy said https to a public name: that answer carries HSTS.
        Assert.True(challenge.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_same_headers_from_any_other_address_are_ignored()
    {
        var challenge = await SendAsync(PortalAuthentication.SignInPath, Stranger, request: Forwarded);
        var redirect = RedirectUriOf(challenge);
        Assert.Equal("http://127.0.0.1/signin-oidc", redirect);
        Assert.DoesNotContain(PublicHost, redirect, StringComparison.Ordinal);
        Assert.False(challenge.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Https_to_a_public_name_is_answered_with_hsts()
    {
        var answer = await SendAsync("/healthz", Stranger, scheme: "https", host: PublicHost);
        Assert.Equal(StatusCodes.Status200OK, answer.Response.StatusCode);
        Assert.StartsWith("max-age=31536000", answer.Response.Headers.StrictTransportSecurity.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task Https_on_loopback_has_no_hsts(string host)
    {
        var answer = await SendAsync("/healthz", IPAddress.Loopback, scheme: "https", host: host);
        Assert.Equal(StatusCodes.Status200OK, answer.Response.StatusCode);
        Assert.False(answer.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Plain_http_to_a_public_name_is_redirected_to_https()
    {
        var answer = await SendAsync("/healthz", Stranger, host: PublicHost);
        Assert.Contains(answer.Response.StatusCode, new[] { StatusCodes.Status307TemporaryRedirect, StatusCodes.Status308PermanentRedirect });
        Assert.Equal($"https://{PublicHost}/healthz", answer.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task Plain_http_on_loopback_is_served_as_is()
    {
        var answer = await SendAsync("/healthz", IPAddress.Loopback);
        Assert.Equal(StatusCodes.Status200OK, answer.Response.StatusCode);
    }

    private static Action<HttpRequest> Form(string? cookie = null, string? token = null, string? bearer = null) => request =>
    {
        var fields = new Dictionary<string, string> { ["comment"] = "x" };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        var body = new FormUrlEncodedContent(fields).ReadAsByteArrayAsync().GetAwaiter().GetResult();
        request.ContentType = "application/x-www-form-urlencoded";
        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        if (cookie is not null)
        {
            request.Headers.Cookie = cookie;
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = "Bearer " + bearer;
        }
    };

    [Fact]
    public async Task Signing_out_without_an_antiforgery_token_is_refused()
    {
        var answer = await SendAsync(PortalAuthentication.SignOutPath, IPAddress.Loopback, method: "POST", request: Form());
        Assert.Equal(StatusCodes.Status400BadRequest, answer.Response.StatusCode);
        Assert.Equal("application/problem+json", answer.Response.ContentType);
    }

    [Fact]
    public async Task Signing_out_with_the_antiforgery_token_is_let_through()
    {
        // The pair a rendered page carries: the cookie half and the form half, made by the app's own antiforgery service.
        var tokens = factory.Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(new DefaultHttpContext { RequestServices = factory.Services });
        var answer = await SendAsync(PortalAuthentication.SignOutPath, IPAddress.Loopback, method: "POST",
            request: Form(cookie: $"{CookieName()}={tokens.CookieToken}", token: tokens.RequestToken));
        Assert.Equal(StatusCodes.Status302Found, answer.Response.StatusCode);
    }

    private string CookieName() => factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;

    [Fact]
    public async Task A_form_posted_to_a_page_without_an_antiforgery_token_is_refused_even_for_a_signed_in_user()
    {
        var token = await factory.TokenAsync(TestUsers.Operator);
        var answer = await SendAsync("/alerts", IPAddress.Loopback, method: "POST", request: Form(bearer: token));
        Assert.Equal(StatusCodes.Status400BadRequest, answer.Response.StatusCode);
    }

    [Fact]
    public void An_open_page_belongs_to_its_sign_in_and_ends_with_it()
    {
        using var scope = factory.Services.CreateScope();
        Assert.IsType<CircuitUserRevalidation>(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>());

        var expires = DateTimeOffset.UtcNow.AddHours(8);
        var signedIn = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim("name", TestUsers.Viewer.Name), new System.Security.Claims.Claim(SessionClock.ExpiresClaim, expires.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            "Cookies"));
        Assert.True(CircuitUserRevalidation.IsCurrent(signedIn, expires.AddMinutes(-1)));
        Assert.False(CircuitUserRevalidation.IsCurrent(signedIn, expires));
        Assert.False(CircuitUserRevalidation.IsCurrent(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()), expires.AddHours(-1)));
    }
}

public sealed class HttpsPortTests
{
    [Theory]
    [InlineData(null, null, 443)] // TLS ends at the proxy: redirect to its port
    [InlineData("urls", "http://0.0.0.0:8080", 443)]
    [InlineData("urls", "http://0.0.0.0:8080;https://0.0.0.0:8443", null)] // Kestrel serves https: ASP.NET finds its port
    [InlineData("Kestrel:Endpoints:Https:Url", "https://0.0.0.0:8443", null)]
    [InlineData("https_port", "8443", null)]
    [InlineData("https_ports", "8443", null)]
    public void Plain_http_off_loopback_is_sent_to_443_unless_kestrel_serves_https(string? key, string? value, int? port)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(key is null ? [] : new Dictionary<string, string?> { [key] = value }).Build();
        Assert.Equal(port, PortalAuthentication.PublicHttpsPort(config));
    }
}
