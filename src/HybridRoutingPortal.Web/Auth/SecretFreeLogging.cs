using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Web.Auth;

/// <summary>
/// ASP.NET Core's OpenID Connect handler writes, at Trace, every message it receives in full: the authorization code
/// (and with other response modes the tokens themselves). Whatever the configuration asks for, that handler logs from
/// Debug up in this app, so turning authentication logging to Trace to debug a sign-in never puts a secret in a log.
/// </summary>
public static class SecretFreeLogging
{
    private const string OidcHandler = "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectHandler";

    public static IServiceCollection AddSecretFreeLogging(this IServiceCollection services) =>
        // PostConfigure: after every configuration source has added its rules, so none can come after this one.
        services.PostConfigure<LoggerFilterOptions>(options =>
        {
            // Each provider picks the rule with the longest matching category among its own rules (or the general ones):
            // one rule for the handler's full category, per provider that has rules and once in general, wins everywhere.
            var providers = options.Rules.Select(r => r.ProviderName).Distinct().ToArray();
            foreach (var provider in providers)
            {
                options.Rules.Add(new LoggerFilterRule(provider, OidcHandler, LogLevel.Debug, null));
            }

            if (!providers.Contains(null))
            {
                options.Rules.Add(new LoggerFilterRule(null, OidcHandler, LogLevel.Debug, null));
            }
        });
}
