using System.Net;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Options;

/// <summary>Auth:* settings: an issuer that is https (or a loopback http one), a client id, proxies that parse.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions auth)
    {
        if (!Enum.IsDefined(auth.Mode))
        {
            return ValidateOptionsResult.Fail("Auth:Mode is 'None' (local, loopback only) or 'Oidc' (sign-in).");
        }

        if (auth.SessionLifetime < TimeSpan.FromMinutes(5))
        {
            return ValidateOptionsResult.Fail("Auth:SessionLifetime must be at least 00:05:00.");
        }

        if (auth.Mode == AuthMode.None)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!Uri.TryCreate(auth.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            errors.Add("Auth:Authority must be the issuer's absolute URL, e.g. https://login.microsoftonline.com/{tenant}/v2.0.");
        }
        else if (authority.Scheme == "http" && !auth.AuthorityIsLoopback)
        {
            errors.Add($"Auth:Authority must use https; http is accepted only for a loopback issuer, not {authority.GetLeftPart(UriPartial.Authority)}.");
        }

        if (string.IsNullOrWhiteSpace(auth.ClientId))
        {
            errors.Add("Auth:ClientId is required with Auth:Mode=Oidc: the app registration browsers sign in with.");
        }

        for (var i = 0; i < auth.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(auth.KnownProxies[i], out _))
            {
                errors.Add($"Auth:KnownProxies:{i} '{auth.KnownProxies[i]}' is not an IP address.");
            }
        }

        for (var i = 0; i < auth.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(auth.KnownNetworks[i], out _))
            {
                errors.Add($"Auth:KnownNetworks:{i} '{auth.KnownNetworks[i]}' is not a network in CIDR notation (10.0.0.0/24).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
