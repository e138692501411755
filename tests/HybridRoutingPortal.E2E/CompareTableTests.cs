using System.Text.RegularExpressions;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// The app (poller off) on a stored history with more changes in one comparison than a page holds: one vantage point
/// polled twice an hour apart, between which 60 routes went, 60 came and 25 changed their AS path. The demo estate's
/// comparisons fit on one page, so the compare table's paging, filters, sort and links are driven here.
/// </summary>
public sealed class ComparePortalProcess : PortalProcess
{
    public const int Routes = 200, Removed = 60, Added = 60, Changed = 25;

    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"hrp-e2e-compare-{Guid.NewGuid():N}.db");

    public static readonly string Vantage = VantageId.Create(
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-big/providers/Microsoft.Network/virtualHubs/rs-big", "learned", "10.0.0.4");

    /// <summary>The first poll; the second is an hour later, as the fixture seeds the history.</summary>
    public DateTimeOffset FirstPoll { get; private set; }

    /// <summary>The poller is off: the seeded polls are all the app will have.</summary>
    protected override TimeSpan MaxPollAge => TimeSpan.FromDays(1);

    /// <summary>The AS path of route i, as seeded: they do not sort the way the prefixes do.</summary>
    public static string AsPathOf(int i) => $"65010 {65000 + i * 37 % 200}";

    protected override async Task<IReadOnlyDictionary<string, string>> PrepareAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        FirstPoll = DateTimeOffset.UtcNow.AddHours(-1);
        var connectionString = $"Data Source={_dbPath}";
        var options = new DbContextOptionsBuilder<RoutingDbContext>().UseRouting(DatabaseProvider.Sqlite, connectionString).Options;
        var factory = new PooledDbContextFactory<RoutingDbContext>(options);
        await RoutingDatabase.MigrateAsync(factory, ct);
        var store = new RouteStore(factory);
        await store.RegisterAsync([new VantagePoint(Vantage, VantageKind.RouteServerLearned, "Big route server · learned", "rs-big", Vantage)], null, FirstPoll, ct);

        static Route At(int i) => new(IpPrefix.Parse(PrefixOf(i)), "10.0.0.4", AsPath.Parse(AsPathOf(i)), "IGP");
        var before = Enumerable.Range(0, Routes).Select(i => At(i)).ToArray();
        var after = before.Skip(Removed)
            .Select((r, j) => j < Changed ? r with { AsPath = AsPath.Parse("65010 " + AsPathOf(Removed + j)) } : r)
            .Concat(Enumerable.Range(Routes, Added).Select(i => At(i)))
            .ToArray();
        await store.IngestAsync([Observation.Ok(Vantage, FirstPoll, before)], ct);
        await store.IngestAsync([Observation.Ok(Vantage, FirstPoll.AddHours(1), after)], ct);
        SqliteConnection.ClearAllPools();

        return new Dictionary<string, string>
        {
            ["ConnectionStrings__Routing"] = connectionString,
            ["Routing__EnablePoller"] = "false",
        };
    }

    /// <summary>Route i's prefix: 10.20.i.0/24, on into 10.21 past 255.</summary>
    public static string PrefixOf(int i) => $"10.{20 + i / 256}.{i % 256}.0/24";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_dbPath + suffix);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ComparePortalCollection : ICollectionFixture<ComparePortalProcess>
{
    public const string Name = "compare-portal";
}

/// <summary>
/// The compare table as a user drives it over more changes than a page: to the last page, filtered by kind and by a
/// covering prefix, sorted by AS path, and the link that brings the same view back. Every filter and sort is in the
/// URL and runs on the server; the browser holds one page of rows.
/// </summary>
[Collection(ComparePortalCollection.Name)]
public partial class CompareTableTests(ComparePortalProcess portal)
{
    private const string Rows = "[data-testid=route-changes] tbody tr";
    private const int PageSize = 50;

    private string Url(string query = "") =>
        $"/compare?from={UrlTime.Of(portal.FirstPoll.AddMinutes(1))}&to=now{query}";

    private async Task<IPage> OpenAsync(string url)
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        return page;
    }

    [Fact]
    public async Task The_change_table_pages_to_the_last_change()
    {
        const int all = ComparePortalProcess.Removed + ComparePortalProcess.Added + ComparePortalProcess.Changed;
        var page = await OpenAsync(Url());
        var summary = page.Locator("[data-testid=compare-summary]");
        await Assertions.Expect(summary).ToContainTextAsync($"+{ComparePortalProcess.Added}");
        await Assertions.Expect(summary).ToContainTextAsync($"−{ComparePortalProcess.Removed}");
        await Assertions.Expect(summary).ToContainTextAsync($"~{ComparePortalProcess.Changed}");
        var rows = page.Locator(Rows);
        await Assertions.Expect(rows).ToHaveCountAsync(PageSize);
        var results = page.Locator("[data-testid=compare-results]");
        await Assertions.Expect(results).ToContainTextAsync($"1–{PageSize} of {all}");

        var pages = (all + PageSize - 1) / PageSize;
        await page.Locator("[data-testid=change-pages]").GetByRole(AriaRole.Button, new() { Name = $"Page {pages}", Exact = true }).ClickAsync();
        var rest = all - (pages - 1) * PageSize;
        await Assertions.Expect(rows).ToHaveCountAsync(rest);
        await Assertions.Expect(results).ToContainTextAsync($"{all - rest + 1}–{all} of {all}");
        // Sorted by prefix (the default), the last page ends with the highest prefix that changed: the last one added.
        await Assertions.Expect(rows.Last).ToContainTextAsync(ComparePortalProcess.PrefixOf(ComparePortalProcess.Routes + ComparePortalProcess.Added - 1));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, "compare-last-page.png"), FullPage = true });
    }

    [Fact]
    public async Task Filters_and_a_sort_are_in_the_link_that_brings_the_same_view_back()
    {
        var page = await OpenAsync(Url());
        var rows = page.Locator(Rows);
        await Assertions.Expect(rows).ToHaveCountAsync(PageSize);

        // Only what was removed: two kinds off, each step on screen before the next.
        var results = page.Locator("[data-testid=compare-results]");
        await page.Locator("input[data-testid=kind-added]").UncheckAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("kind=added"));
        await Assertions.Expect(results).ToContainTextAsync($"1–{PageSize} of {ComparePortalProcess.Removed + ComparePortalProcess.Changed}");
        await page.Locator("input[data-testid=kind-changed]").UncheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("kind=removed"));
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("kind=(added|changed)"));
        await Assertions.Expect(results).ToContainTextAsync($"1–{PageSize} of {ComparePortalProcess.Removed}");

        // ... inside 10.20.0.0/19 (routes 0-31, all of them among the 60 removed).
        var within = page.Locator("input[data-testid=within-input]");
        await within.FillAsync("10.20.0.0/19");
        await within.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("within=10.20.0.0%2F19"));
        await Assertions.Expect(rows).ToHaveCountAsync(32);
        await Assertions.Expect(page.Locator("[data-testid=change-pages]")).ToHaveCountAsync(0);
        foreach (var text in await rows.Locator("td:first-child").AllTextContentsAsync())
        {
            Assert.Equal("Removed", text.Trim());
        }

        // ... sorted by AS path.
        await page.Locator("[data-testid=sort-select]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "AS path" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("sort=aspath", RegexOptions.IgnoreCase));
        // The removed routes 0-31, by AS path as seeded.
        var expected = Enumerable.Range(0, 32).Select(ComparePortalProcess.AsPathOf).Order(StringComparer.Ordinal).ToArray();
        await ExpectAsPathsAsync(page, expected);

        // The link, opened fresh, is the same view.
        var again = await OpenAsync(page.Url);
        await Assertions.Expect(again.Locator(Rows)).ToHaveCountAsync(32);
        await Assertions.Expect(again.Locator("input[data-testid=within-input]")).ToHaveValueAsync("10.20.0.0/19");
        await Assertions.Expect(again.Locator("input[data-testid=kind-added]")).Not.ToBeCheckedAsync();
        await ExpectAsPathsAsync(again, expected);
    }

    /// <summary>The AS path column shows these, in this order.</summary>
    private static async Task ExpectAsPathsAsync(IPage page, string[] expected) =>
        Assert.Equal(expected, await Cells.WhenAsync(page, page.Locator($"{Rows} td:nth-child(4)"), p => p.SequenceEqual(expected)));
}
