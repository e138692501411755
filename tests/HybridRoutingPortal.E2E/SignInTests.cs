using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TestIssuer;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// The app in team mode (Auth:Mode=Oidc) as its own process, against the real OpenID Connect provider of the tests
/// (OpenIddict on a loopback port), with the authentication components logging down to Trace.
/// </summary>
public sealed class OidcPortalProcess : PortalProcess
{
    public TestIssuerServer Issuer { get; private set; } = default!;

    protected override async Task<IReadOnlyDictionary<string, string>> PrepareAsync()
    {
        Issuer = await TestIssuerServer.StartAsync();
        return new Dictionary<string, string>
        {
            ["Auth__Mode"] = "Oidc",
            ["Auth__Authority"] = Issuer.Issuer,
            ["Auth__ClientId"] = TestUsers.PortalClientId,
            ["Auth__ClientSecret"] = TestUsers.PortalClientSecret,
            ["Logging__LogLevel__Microsoft.AspNetCore.Authentication"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore.Authorization"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore.Antiforgery"] = "Trace",
            ["Logging__LogLevel__System.Net.Http"] = "Trace",
            ["Logging__LogLevel__HybridRoutingPortal"] = "Debug",
        };
    }

    protected override async Task AuthorizeAsync(HttpClient http) =>
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(TestUsers.Viewer));

    /// <summary>An access token for <paramref name="user"/> from the issuer (password grant), for API calls from the test.</summary>
    public Task<string> TokenAsync(TestUser user) => Issuer.PasswordTokenAsync(user);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Issuer is not null)
        {
            await Issuer.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OidcPortalCollection : ICollectionFixture<OidcPortalProcess>
{
    public const string Name = "oidc-portal";
}

/// <summary>
/// A person signs in through the issuer's own login page in chromium and sees the UI their role allows: every action of
/// the UI is in the table below, shown to the roles that may use it and to no one else.
/// </summary>
[Collection(OidcPortalCollection.Name)]
public class SignInTests(OidcPortalProcess portal)
{
    /// <summary>Every change a person can make in the UI: the page, the control, the least role that may use it.</summary>
    private static readonly (string Action, string Page, string Control, string Needs)[] UiActions =
    [
        ("alert.acknowledge", "alert", "[data-testid=ack]", TestUsers.OperatorRole),
        ("alert.silence", "alert", "[data-testid=silence]", TestUsers.OperatorRole),
        ("alert.silence (1 day)", "alert", "[data-testid=silence-day]", TestUsers.OperatorRole),
        ("expectation.create", "/expectations", "[data-testid=exp-add]", TestUsers.OperatorRole),
        ("expectation.import", "/expectations", "[data-testid=exp-import]", TestUsers.OperatorRole),
        ("expectation.delete", "/expectations", "[data-testid=exp-delete]", TestUsers.OperatorRole),
        ("notification.test", "/alerts", "[data-testid=send-test]", TestUsers.AdminRole),
    ];

    private static readonly Dictionary<string, string> Landmarks = new()
    {
        ["alert"] = "[data-testid=alert-history]",
        ["/expectations"] = "[data-testid=expectation-table]",
        ["/alerts"] = "[data-testid=alert-table]",
    };

    private static readonly string[] Order = [TestUsers.ViewerRole, TestUsers.OperatorRole, TestUsers.AdminRole];

    private static bool May(TestUser user, string needs) => user.Roles.Any(r => Array.IndexOf(Order, r) >= Array.IndexOf(Order, needs));

    /// <summary>Opens <paramref name="path"/> with no session: the app sends the browser to the issuer, the person signs in there.</summary>
    private async Task<IPage> SignInAsync(TestUser user, string path = "/")
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(path);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(portal.Issuer.BaseUrl) + "/login"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Contoso test sign-in");
        await page.Locator("#username").FillAsync(user.Login);
        await page.Locator("#password").FillAsync(TestUsers.Password);
        await page.Locator("#sign-in").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(portal.BaseUrl)));
        return page;
    }

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, name + ".png"), FullPage = false });

    [Fact]
    public async Task A_viewer_signs_in_through_the_issuers_login_page_and_sees_the_viewer_ui()
    {
        var page = await SignInAsync(TestUsers.Viewer);
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToContainTextAsync(TestUsers.Viewer.Name);
        await Assertions.Expect(page.Locator("[data-testid=vantage-table] [data-testid=freshness]").First).ToBeVisibleAsync();
        await Shot(page, "signed-in-viewer");

        await page.GotoAsync("/expectations");
        await Assertions.Expect(page.Locator("[data-testid=exp-needs-role]")).ToBeVisibleAsync();
        await page.GotoAsync("/audit");
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Audit"));
        await Assertions.Expect(page.Locator("h5", new() { HasText = "Audit trail" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_person_without_a_role_is_told_so_after_sign_in()
    {
        var page = await SignInAsync(TestUsers.Nobody, "/alerts");
        await Assertions.Expect(page.Locator("[data-testid=access-denied]")).ToContainTextAsync(TestUsers.Nobody.Name);
    }

    public static TheoryData<string> People => new(TestUsers.Viewer.Login, TestUsers.Operator.Login, TestUsers.Admin.Login);

    [Theory]
    [MemberData(nameof(People))]
    public async Task Every_ui_action_is_shown_to_the_roles_that_may_use_it_and_hidden_from_the_rest(string login)
    {
        var user = TestUsers.Find(login)!;
        using var api = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await portal.TokenAsync(TestUsers.Operator));
        var alerts = await api.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        var alertId = alerts.EnumerateArray().First().GetProperty("id").GetInt64();
        // A user expectation, so the delete control has a row to sit on.
        await api.PostAsJsonAsync("/api/v1/expectations", new
        {
            name = "ui matrix " + login,
            prefix = "10.99.0.0/24",
            vantageIds = new[] { (await api.GetFromJsonAsync<JsonElement>("/api/v1/vantage-points")).EnumerateArray().First().GetProperty("id").GetString() },
        });

        var page = await SignInAsync(user);
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToContainTextAsync(user.Name);
        var wrong = new List<string>();
        foreach (var group in UiActions.GroupBy(a => a.Page))
        {
            await page.GotoAsync(group.Key == "alert" ? $"/alerts/{alertId}" : group.Key);
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            // The page has rendered its data (prerendered with it), so a control that should show is there by now.
            await Assertions.Expect(page.Locator(Landmarks[group.Key])).ToBeVisibleAsync();
            foreach (var (action, _, control, needs) in group)
            {
                var shown = await page.Locator(control).CountAsync() > 0;
                if (shown != May(user, needs))
                {
                    wrong.Add($"{action} ({control} on {group.Key}): shown={shown}, may={May(user, needs)}");
                }
            }
        }

        await Shot(page, "ui-matrix-" + login);
        Assert.True(wrong.Count == 0, $"{user.Name}:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_change_the_audit_trail_knows_is_an_action_in_the_ui_table()
    {
        // A change without a row above would ship without a check of who sees its control.
        using var api = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await portal.TokenAsync(TestUsers.Viewer));
        // The audit API names every action it knows when asked for one it does not.
        var problem = await (await api.GetAsync("/api/v1/audit?action=no-such-action")).Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("action")[0].GetString()!;
        var known = message[(message.IndexOf("one of ", StringComparison.Ordinal) + "one of ".Length)..].TrimEnd('.').Split(", ");
        Assert.NotEmpty(known);
        Assert.All(known, action => Assert.Contains(UiActions, a => a.Action == action));
    }

    [Fact]
    public async Task An_operators_ack_in_the_browser_is_recorded_with_their_name_and_no_secret_is_ever_logged()
    {
        using var api = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        var viewerToken = await portal.TokenAsync(TestUsers.Viewer);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", viewerToken);
        var alert = (await api.GetFromJsonAsync<JsonElement>("/api/v1/alerts")).EnumerateArray().Last();
        var id = alert.GetProperty("id").GetInt64();

        var page = await SignInAsync(TestUsers.Operator, $"/alerts/{id}");
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=acting-as]")).ToContainTextAsync(TestUsers.Operator.Name);
        await page.Locator("[data-testid=ack]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=acknowledged]")).ToContainTextAsync("Acknowledged by " + TestUsers.Operator.Name);
        var session = (await page.Context.CookiesAsync()).Where(c => c.Name.StartsWith("hrp.session", StringComparison.Ordinal) && !c.Value.StartsWith("chunks-", StringComparison.Ordinal))
            .Select(c => c.Value).ToArray();
        Assert.NotEmpty(session);

        var audit = await api.GetFromJsonAsync<JsonElement>($"/api/v1/audit?target=alert/{id}&action=alert.acknowledge");
        var entry = audit.GetProperty("entries").EnumerateArray().First();
        Assert.Equal(TestUsers.Operator.Name, entry.GetProperty("actor").GetString());
        Assert.Equal(TestUsers.Operator.ObjectId, entry.GetProperty("actorId").GetString());

        // The app's whole console, authentication at Trace: no client secret, token, session cookie or password.
        var output = portal.Output();
        Assert.Contains("Microsoft.AspNetCore.Authentication", output); // it did log about sign-in
        NotLogged(output, "the client secret", TestUsers.PortalClientSecret);
        NotLogged(output, "a password", TestUsers.Password);
        NotLogged(output, "an access token", viewerToken);
        NotLogged(output, "a JWT", "eyJ"); // the start of every JWT (id, access) the app has held
        Assert.All(session, value => NotLogged(output, "the session cookie", value[..Math.Min(value.Length, 40)]));
    }

    private static void NotLogged(string output, string what, string secret)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
        Assert.True(line is null, $"{what} is in the app's output: {line}");
    }
}
