namespace HybridRoutingPortal.Web.Options;

public enum AuthMode
{
    /// <summary>Local mode: no sign-in, loopback only; everyone who reaches the port is "local user" with every role.</summary>
    None,

    /// <summary>Team mode: OpenID Connect sign-in for browsers, bearer tokens for the API, roles from the token.</summary>
    Oidc,
}

/// <summary>The Auth:* settings (DESIGN.md §4, docs/auth.md).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>The OpenID Connect issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0; http only for a loopback issuer.</summary>
    public string? Authority { get; set; }

    /// <summary>The app registration browsers sign in with (authorization code + PKCE).</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's secret (from a secret store; never logged).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The audience of API bearer tokens; unset: <see cref="ClientId"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>Reverse proxies whose X-Forwarded-* headers are believed (IP addresses); none: forwarded headers are ignored.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of such proxies, in CIDR notation.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>Serve /metrics without sign-in. Unset: yes in local mode, no with Oidc.</summary>
    public bool? AnonymousMetrics { get; set; }

    /// <summary>How long a browser sign-in lasts before the provider is asked again (an open page is signed out then too).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public string EffectiveAudience => string.IsNullOrWhiteSpace(Audience) ? ClientId ?? "" : Audience;

    public bool MetricsAreAnonymous => AnonymousMetrics ?? Mode == AuthMode.None;

    /// <summary>An http issuer is accepted only on loopback (a test or development provider); anything else must be https.</summary>
    public bool AuthorityIsLoopback => Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && Hosting.LocalBinding.IsLoopbackHost(uri.Host);
}
