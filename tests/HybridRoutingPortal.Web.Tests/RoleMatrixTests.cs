using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TestIssuer;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// Every endpoint of the OpenAPI document, called as nobody, with broken tokens and as each role, against the policy
/// table below. An endpoint the table does not name fails the test, so a new endpoint cannot ship without a policy.
/// </summary>
public sealed partial class RoleMatrixTests(OidcPortalFactory factory) : IClassFixture<OidcPortalFactory>
{
    public enum Needs
    {
        Anonymous,
        Viewer,
        Operator,
        Admin,
    }

    /// <summary>The policy of every endpoint: "METHOD path" as the OpenAPI document writes it.</summary>
    private static readonly Dictionary<string, Needs> Policy = new()
    {
        ["GET /healthz"] = Needs.Anonymous,
        ["GET /readyz"] = Needs.Anonymous,
        ["GET /api/v1/vantage-points"] = Needs.Viewer,
        ["GET /api/v1/routes"] = Needs.Viewer,
        ["GET /api/v1/snapshots"] = Needs.Viewer,
        ["GET /api/v1/diff"] = Needs.Viewer,
        ["GET /api/v1/topology"] = Needs.Viewer,
        ["GET /api/v1/prefixes/{cidr}/timeline"] = Needs.Viewer,
        ["GET /api/v1/prefixes/{address}/{length}/timeline"] = Needs.Viewer,
        ["GET /api/v1/explain"] = Needs.Viewer,
        ["GET /api/v1/alerts"] = Needs.Viewer,
        ["GET /api/v1/alerts/{id}"] = Needs.Viewer,
        ["POST /api/v1/alerts/{id}/ack"] = Needs.Operator,
        ["POST /api/v1/alerts/{id}/silence"] = Needs.Operator,
        ["GET /api/v1/expectations"] = Needs.Viewer,
        ["POST /api/v1/expectations"] = Needs.Operator,
        ["DELETE /api/v1/expectations/{id}"] = Needs.Operator,
        ["POST /api/v1/expectations/import"] = Needs.Operator,
        ["POST /api/v1/notifications/test"] = Needs.Admin,
        ["GET /api/v1/audit"] = Needs.Viewer,
    };

    /// <summary>Endpoints outside the OpenAPI document that programs call, with the same rules.</summary>
    private static readonly Dictionary<string, Needs> Undocumented = new()
    {
        ["GET /openapi/v1.json"] = Needs.Viewer,
        ["GET /metrics"] = Needs.Viewer, // Auth:AnonymousMetrics is off by default with Oidc
    };

    public sealed record Caller(string Name, TestUser? User, Func<OidcPortalFactory, Task<string?>> Token);

    private static readonly Caller[] Refused =
    [
        new("no token", null, _ => Task.FromResult<string?>(null)),
        new("an expired token", null, f => Task.FromResult<string?>(f.ForgedToken(notBefore: DateTime.UtcNow.AddHours(-3), expires: DateTime.UtcNow.AddHours(-2)))),
        new("a token for another audience", null, f => Task.FromResult<string?>(f.ForgedToken(audience: "api://some-other-app"))),
        new("a token signed by another key", null, f => Task.FromResult<string?>(f.ForgedToken(key: f.ImpostorKey()))),
    ];

    private static readonly Caller[] People =
    [
        new("a signed-in person with no role", TestUsers.Nobody, f => Tokens(f, TestUsers.Nobody)),
        new("a Viewer", TestUsers.Viewer, f => Tokens(f, TestUsers.Viewer)),
        new("an Operator", TestUsers.Operator, f => Tokens(f, TestUsers.Operator)),
        new("an Admin", TestUsers.Admin, f => Tokens(f, TestUsers.Admin)),
    ];

    private static async Task<string?> Tokens(OidcPortalFactory f, TestUser user) => await f.TokenAsync(user);

    private static Needs Level(TestUser user) =>
        user.Roles.Contains(TestUsers.AdminRole) ? Needs.Admin
        : user.Roles.Contains(TestUsers.OperatorRole) ? Needs.Operator
        : user.Roles.Contains(TestUsers.ViewerRole) ? Needs.Viewer
        : Needs.Anonymous;

    private async Task<IReadOnlyList<(string Method, string Path)>> DocumentedAsync()
    {
        using var admin = factory.ClientWith(await factory.TokenAsync(TestUsers.Admin));
        var doc = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json")).RootElement;
        return doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(m => (m.Name.ToUpperInvariant(), p.Name)))
            .ToArray();
    }

    [Fact]
    public async Task Every_documented_endpoint_has_a_policy_in_the_table()
    {
        var documented = (await DocumentedAsync()).Select(e => $"{e.Method} {e.Path}").ToArray();
        Assert.Empty(documented.Except(Policy.Keys));
        Assert.Empty(Policy.Keys.Except(documented)); // a stale line is a mistake too
    }

    [Fact]
    public async Task Every_api_endpoint_the_app_serves_is_in_the_openapi_document()
    {
        var documented = (await DocumentedAsync()).Select(e => $"{e.Method} {e.Path}").ToHashSet();
        var served = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {Constraint().Replace(e.RoutePattern.RawText!, "}")}"))
            .ToArray();
        Assert.All(served, s => Assert.Contains(s, documented));
    }

    public static TheoryData<string> Callers => new([.. Refused.Select(c => c.Name), .. People.Select(c => c.Name)]);

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Every_endpoint_answers_each_caller_as_its_policy_says(string callerName)
    {
        var caller = Refused.Concat(People).Single(c => c.Name == callerName);
        using var client = factory.ClientWith(await caller.Token(factory));
        var endpoints = (await DocumentedAsync()).Select(e => (e.Method, e.Path, Needs: Policy[$"{e.Method} {e.Path}"]))
            .Concat(Undocumented.Select(u => (Method: u.Key.Split(' ')[0], Path: u.Key.Split(' ')[1], Needs: u.Value)));
        var wrong = new List<string>();
        foreach (var (method, path, needs) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var expected = needs == Needs.Anonymous ? "2xx"
                : caller.User is null ? "401"
                : Level(caller.User) < needs ? "403"
                : "allowed";
            var ok = expected switch
            {
                "2xx" => status is >= 200 and < 300,
                "401" => status == 401 && IsProblem(response) && response.Headers.WwwAuthenticate.Count > 0,
                "403" => status == 403 && IsProblem(response),
                // Allowed: answered, or refused for what the matrix sent ({} bodies, ids that do not exist), never for who asked.
                _ => status is >= 200 and < 300 || (status is 400 or 404 && IsProblem(response)),
            };
            if (!ok)
            {
                wrong.Add($"{method} {path}: {status}, expected {expected}");
            }
        }

        Assert.True(wrong.Count == 0, $"{caller.Name}:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task Pages_send_a_person_who_has_not_signed_in_to_sign_in_and_one_without_a_role_to_no_access()
    {
        using var nobody = factory.ClientWith(null);
        var page = await nobody.GetAsync("/alerts");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var signIn = await nobody.GetAsync(page.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authorize = signIn.Headers.Location!;
        Assert.StartsWith(factory.Issuer.BaseUrl + "/connect/authorize", authorize.ToString(), StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(TestUsers.PortalClientId, query["client_id"].ToString());
    }

    private static bool IsProblem(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == "application/problem+json";

    private static string Fill(string path) => path
        .Replace("/alerts/{id}", "/alerts/987654", StringComparison.Ordinal)
        .Replace("/expectations/{id}", "/expectations/user:nothing-here", StringComparison.Ordinal)
        .Replace("{cidr}", "10.0.0.0%2F8", StringComparison.Ordinal)
        .Replace("{address}/{length}", "10.0.0.0/8", StringComparison.Ordinal);

    [GeneratedRegex(@":[^}]+}")]
    private static partial Regex Constraint();
}
