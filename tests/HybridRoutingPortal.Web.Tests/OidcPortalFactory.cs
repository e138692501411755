using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TestIssuer;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// The real app in-process in team mode (Auth:Mode=Oidc) against a real OpenID Connect provider on a loopback port
/// (<see cref="TestIssuerServer"/>): the app fetches its discovery document and keys as it would Entra's. Its own temp
/// SQLite file, the poller off, the real clock (tokens are checked against it).
/// </summary>
public class OidcPortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hrp-oidc-{Guid.NewGuid():N}.db");
    private readonly Dictionary<string, string> _tokens = [];
    private readonly CapturingLoggerProvider _logs = new();

    public TestIssuerServer Issuer { get; private set; } = default!;

    /// <summary>Every log line the app wrote, at every level (with its exception), to look for secrets in.</summary>
    public ConcurrentQueue<string> Logs => _logs.Lines;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Routing", $"Data Source={_path}");
        builder.UseSetting("Routing:EnablePoller", "false");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Auth:Mode", "Oidc");
        builder.UseSetting("Auth:Authority", Issuer.Issuer);
        builder.UseSetting("Auth:ClientId", TestUsers.PortalClientId);
        builder.UseSetting("Auth:ClientSecret", TestUsers.PortalClientSecret);
        // Everything, down to Trace, for this provider alone: a secret must not appear even in a debug line.
        builder.ConfigureLogging(logging => logging.AddProvider(_logs).AddFilter<CapturingLoggerProvider>(_ => true));
        ConfigureTeamMode(builder);
    }

    /// <summary>More settings for a variant of team mode (behind a proxy, say).</summary>
    protected virtual void ConfigureTeamMode(IWebHostBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        Issuer = await TestIssuerServer.StartAsync();
        _ = Server; // starts the app, which migrates the database
    }

    /// <summary>An access token the issuer gives <paramref name="user"/> (the password grant), cached per user.</summary>
    public async Task<string> TokenAsync(TestUser user)
    {
        if (_tokens.TryGetValue(user.Login, out var cached))
        {
            return cached;
        }

        var token = await Issuer.PasswordTokenAsync(user);
        _tokens[user.Login] = token;
        return token;
    }

    /// <summary>
    /// A token the issuer would never give: signed with <paramref name="key"/> (default: the issuer's own), for
    /// <paramref name="audience"/> (default: the app's), valid from <paramref name="notBefore"/> to <paramref name="expires"/>.
    /// It carries the Admin role, so only the flaw made on purpose can refuse it.
    /// </summary>
    public string ForgedToken(SecurityKey? key = null, string? audience = null, DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var admin = TestUsers.Admin;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer.Issuer,
            Audience = audience ?? Issuer.Audience,
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", admin.ObjectId), new Claim("oid", admin.ObjectId), new Claim("name", admin.Name),
                new Claim("roles", TestUsers.AdminRole)]),
            SigningCredentials = new SigningCredentials(key ?? Issuer.SigningKey, SecurityAlgorithms.RsaSha256),
            TokenType = "at+jwt",
        });
    }

    /// <summary>Another RSA key that claims the issuer's key id: a signature only the real key's holder could not have made.</summary>
    public SecurityKey ImpostorKey() => new RsaSecurityKey(RSA.Create(2048)) { KeyId = Issuer.SigningKey.KeyId };

    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Issuer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}

