using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Audit;
using HybridRoutingPortal.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using TestIssuer;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// Team mode against the real loopback issuer: who the audit trail names (the token's name and object id, never a body
/// field), what it records of a refusal, and that no token or secret reaches a log line.
/// </summary>
public sealed class TeamModeTests(OidcPortalFactory factory) : IClassFixture<OidcPortalFactory>
{
    private async Task<long> FiringAlertAsync(string key)
    {
        var at = DateTimeOffset.UtcNow;
        var store = factory.Services.GetRequiredService<AlertStore>();
        await store.ApplyAsync(
        [
            new AlertUpdate(key, MissingPrefixRule.RuleName, key, "/subscriptions/v", AlertSeverity.Critical, $"10.202.40.0/24 missing at {key}", "detail",
                new AlertStatus(AlertState.Firing, 3, 0, at, at, null), new AlertTransition(null, AlertState.Firing, at), at),
        ], CancellationToken.None);
        return (await store.AlertsAsync(null, CancellationToken.None)).Single(a => a.Subject == key).Id;
    }

    private async Task<JsonElement[]> AuditAsync(string query)
    {
        using var viewer = factory.ClientWith(await factory.TokenAsync(TestUsers.Viewer));
        var page = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/audit?" + query);
        return [.. page.GetProperty("entries").EnumerateArray()];
    }

    [Fact]
    public async Task An_operators_ack_is_recorded_with_the_tokens_name_and_object_id_not_the_body()
    {
        var id = await FiringAlertAsync("ack-by-operator");
        using var op = factory.ClientWith(await factory.TokenAsync(TestUsers.Operator));
        var ack = await op.PostAsJsonAsync($"/api/v1/alerts/{id}/ack", new { by = "Somebody Else", comment = "on it" });
        Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);

        var alert = await op.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{id}");
        Assert.Equal(TestUsers.Operator.Name, alert.GetProperty("acknowledgedBy").GetString());

        var entry = Assert.Single(await AuditAsync($"target=alert/{id}&action=alert.acknowledge"));
        Assert.Equal(TestUsers.Operator.Name, entry.GetProperty("actor").GetString());
        Assert.Equal(TestUsers.Operator.ObjectId, entry.GetProperty("actorId").GetString());
        Assert.True(entry.GetProperty("allowed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("before").GetProperty("acknowledgedBy").ValueKind);
        Assert.Equal(TestUsers.Operator.Name, entry.GetProperty("after").GetProperty("acknowledgedBy").GetString());
        Assert.Equal("on it", entry.GetProperty("after").GetProperty("comment").GetString());
    }

    [Fact]
    public async Task A_viewers_ack_is_refused_with_403_and_the_attempt_is_recorded()
    {
        var id = await FiringAlertAsync("ack-by-viewer");
        using var viewer = factory.ClientWith(await factory.TokenAsync(TestUsers.Viewer));
        var ack = await viewer.PostAsJsonAsync($"/api/v1/alerts/{id}/ack", new { comment = "let me" });
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);

        var alert = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{id}");
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("acknowledgedBy").ValueKind);

        var entry = Assert.Single(await AuditAsync($"target=alert/{id}&outcome=refused"));
        Assert.Equal(AuditActions.Acknowledge, entry.GetProperty("action").GetString());
        Assert.Equal(TestUsers.Viewer.Name, entry.GetProperty("actor").GetString());
        Assert.Equal(TestUsers.Viewer.ObjectId, entry.GetProperty("actorId").GetString());
        Assert.False(entry.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task A_page_handler_asks_the_policy_again_and_records_a_refusal()
    {
        // A Viewer's page hides the buttons; this is the check behind them, for a handler reached anyway.
        var token = await factory.TokenAsync(TestUsers.Viewer);
        var principal = await PrincipalAsync(token);
        using var scope = factory.Services.CreateScope();
        var access = new UserAccess(new FixedState(principal), scope.ServiceProvider.GetRequiredService<IAuthorizationService>(),
            scope.ServiceProvider.GetRequiredService<AuditTrail>());
        Assert.True(await access.AllowsAsync(PortalPolicies.Viewer));
        Assert.Null(await access.ChangeAsync(PortalPolicies.Operator, AuditActions.Silence, "alert/424242", CancellationToken.None));

        var entry = Assert.Single(await AuditAsync("target=alert/424242"));
        Assert.Equal(TestUsers.Viewer.ObjectId, entry.GetProperty("actorId").GetString());
        Assert.False(entry.GetProperty("allowed").GetBoolean());
    }

    /// <summary>The principal the app makes of a bearer token, read back through an endpoint-free handler run.</summary>
    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(string token)
    {
        using var scope = factory.Services.CreateScope();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        var result = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(context, PortalAuthentication.PortalScheme);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Principal!;
    }

    private sealed class FixedState(System.Security.Claims.ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    [Fact]
    public async Task No_token_code_or_client_secret_reaches_a_log_line_at_any_level()
    {
        var id = await FiringAlertAsync("secrets");
        var tokens = new List<string>();
        foreach (var user in TestUsers.All)
        {
            tokens.Add(await factory.TokenAsync(user));
        }

        tokens.Add(factory.ForgedToken(notBefore: DateTime.UtcNow.AddHours(-3), expires: DateTime.UtcNow.AddHours(-2)));
        tokens.Add(factory.ForgedToken(audience: "api://some-other-app"));
        tokens.Add(factory.ForgedToken(key: factory.ImpostorKey()));
        tokens.Add("not-a-jwt-but-secret-looking-0123456789");
        foreach (var token in tokens)
        {
            using var client = factory.ClientWith(token);
            await client.GetAsync("/api/v1/alerts");
            await client.PostAsJsonAsync($"/api/v1/alerts/{id}/silence", new { until = DateTimeOffset.UtcNow.AddHours(1) });
            await client.PostAsJsonAsync("/api/v1/notifications/test", new { });
        }

        // A browser's sign-in starts too (the authorize redirect carries no secret either).
        using var browser = factory.ClientWith(null);
        await browser.GetAsync("/signin?returnUrl=%2F");

        var logs = factory.Logs.ToArray();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, l => l.Contains("Bearer", StringComparison.Ordinal) || l.Contains("JwtBearer", StringComparison.Ordinal)); // the handlers did log
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(logs, l => l.Contains(token, StringComparison.Ordinal));
            // Not even the signature or the payload alone.
            foreach (var part in token.Split('.').Where(p => p.Length > 16))
            {
                Assert.DoesNotContain(logs, l => l.Contains(part, StringComparison.Ordinal));
            }
        }

        Assert.DoesNotContain(logs, l => l.Contains(TestUsers.PortalClientSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(TestUsers.Password, StringComparison.Ordinal));
    }
}
