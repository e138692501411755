using System.Net;

namespace HybridRoutingPortal.Web;

/// <summary>
/// Local mode serves only loopback: no sign-in protects it, so it must not be reachable from the
/// network. The standard --urls option and ASPNETCORE_URLS still choose the address and port.
/// </summary>
public static class LocalBinding
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Sets the default URL when none was configured and refuses any non-loopback address.</summary>
    public static void Apply(WebApplicationBuilder builder)
    {
        var urls = builder.Configuration["urls"];
        var ports = builder.Configuration["http_ports"] ?? builder.Configuration["https_ports"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            if (!string.IsNullOrWhiteSpace(ports))
            {
                throw new InvalidOperationException(
                    $"ASPNETCORE_HTTP_PORTS/HTTPS_PORTS ({ports}) binds every network interface, but local mode is loopback-only. " +
                    "Use --urls http://127.0.0.1:PORT instead.");
            }

            builder.WebHost.UseUrls(DefaultUrl);
            return;
        }

        var offending = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(u => !IsLoopback(u)).ToArray();
        var endpoints = builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).Where(u => u is not null && !IsLoopback(u)).ToArray();
        if (offending.Length > 0 || endpoints.Length > 0)
        {
            throw new InvalidOperationException(
                $"Local mode listens on loopback only, but {string.Join(", ", offending.Concat(endpoints!))} is not a loopback address. " +
                "Use http://127.0.0.1:PORT, http://localhost:PORT or http://[::1]:PORT (Entra ID sign-in for a deployed mode is planned, see docs/operations.md).");
        }
    }

    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
