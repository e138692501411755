using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HybridRoutingPortal.Web.Hosting;

/// <summary>Why the app refuses to listen where it was told to: local mode has no sign-in to protect it.</summary>
public sealed class LocalModeBindingException(string message) : InvalidOperationException(message);

/// <summary>
/// Local mode (no sign-in) serves loopback only, whatever chose the address: --urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS,
/// Kestrel:Endpoints in any configuration source, or code. The check sits where Kestrel applies its endpoint defaults,
/// which every endpoint passes through however it was configured, so no source can go around it. Requests must also
/// name a loopback host, so a DNS-rebinding page cannot reach the app through a name that resolves to 127.0.0.1.
/// </summary>
public static class LocalBinding
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static void Apply(WebApplicationBuilder builder)
    {
        // With sign-in (Auth:Mode=Oidc) the app may listen anywhere; without it, loopback only. An unknown mode binds as
        // local mode until its validation stops start-up.
        var mode = builder.Configuration[$"{Options.AuthOptions.Section}:{nameof(Options.AuthOptions.Mode)}"];
        var signIn = string.Equals(mode?.Trim(), nameof(Options.AuthMode.Oidc), StringComparison.OrdinalIgnoreCase);

        var configured = !string.IsNullOrWhiteSpace(builder.Configuration["urls"])
            || !string.IsNullOrWhiteSpace(builder.Configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(builder.Configuration["https_ports"])
            || builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!configured)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        if (!signIn)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(RequireLoopback));
        }
    }

    private static void RequireLoopback(ListenOptions listen)
    {
        // Unix sockets and named pipes are local by nature; an IP endpoint must be a loopback address
        // (a host name or a wildcard binds every interface: Kestrel gives those IPAddress.Any/IPv6Any).
        if (listen.IPEndPoint is { } endpoint && !IPAddress.IsLoopback(endpoint.Address))
        {
            throw new LocalModeBindingException(
                $"Local mode listens on loopback only, but an endpoint asks for {endpoint} (every interface or a network address). " +
                "Use http://127.0.0.1:PORT, http://localhost:PORT or http://[::1]:PORT; serving a team on the network needs sign-in (Auth:Mode=Oidc).");
        }
    }

    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return IsLoopbackHost(uri.Host);
    }

    /// <summary>localhost, or an IPv4/IPv6 loopback address (brackets allowed).</summary>
    public static bool IsLoopbackHost(string host)
    {
        var h = host.Trim('[', ']');
        return h.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(h, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Answers 400 to a request whose Host is not a loopback name: the browser's view of where it is must be loopback too.</summary>
    public static IApplicationBuilder UseLoopbackHostsOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsLoopbackHost(context.Request.Host.Host))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new
            {
                type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                title = "Invalid host",
                status = 400,
                detail = "Local mode answers requests addressed to localhost, 127.0.0.1 or [::1] only.",
            }, options: null, contentType: "application/problem+json", cancellationToken: context.RequestAborted);
            return;
        }

        await next(context);
    });
}
