using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// The server-paged tables as a user drives them: to the last page, a search, a sort, and a link that
/// brings the same view back. Each step's rows come from the server, so what is shown is checked against
/// what the page says it holds.
/// </summary>
[Collection(PortalCollection.Name)]
public partial class TableTests(PortalProcess portal)
{
    private const string RouteRows = "[data-testid=routes-grid] tbody tr.mud-table-row";
    private const int PageSize = 50; // the routes table's first page size

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_big_tables_come_with_their_first_rows_in_the_page_before_it_is_interactive()
    {
        // What the server sends before any script runs: Routes, Compare and Snapshots already hold data rows.
        var page = await portal.NewPageAsync();
        foreach (var (url, row) in new[]
                 {
                     ("/routes", "<tr class=\"mud-table-row"),
                     ($"/compare?from={UrlTime.Of(DateTimeOffset.UtcNow.AddHours(-23))}&to=now",
                         "<td class=\"change-"),
                     ("/snapshots", "<span class=\"poll-status"), // the first vantage point's polls
                 })
        {
            var html = await (await page.APIRequest.GetAsync(url)).TextAsync();
            Assert.True(html.Contains(row, StringComparison.Ordinal), $"{url} was sent without its rows");
        }
    }

    [Fact]
    public async Task The_routes_table_pages_to_the_end_searches_and_sorts_on_the_server_and_its_link_brings_the_view_back()
    {
        var page = await portal.NewPageAsync();
        await OpenAsync(page, "/routes");
        var summary = page.Locator("[data-testid=route-count]");
        await Assertions.Expect(summary).ToContainTextAsync("routes at now");
        var total = Count(await summary.TextContentAsync());
        Assert.True(total > PageSize, $"the demo estate shows {total} routes over all vantage points; the test needs more than one page");
        var rows = page.Locator(RouteRows);
        await Assertions.Expect(rows).ToHaveCountAsync(PageSize);

        // To the end: the last page holds exactly the rest.
        var pager = page.Locator("[data-testid=routes-pager]");
        await pager.GetByRole(AriaRole.Button, new() { Name = "Last page" }).ClickAsync();
        var rest = total % PageSize == 0 ? PageSize : total % PageSize;
        await Assertions.Expect(rows).ToHaveCountAsync(rest);
        await Assertions.Expect(pager).ToContainTextAsync($"{total - rest + 1}-{total} of {total}");

        // A search runs in the database: every row shown matches, and the count says how many do.
        var search = page.Locator("input[data-testid=route-filter]");
        await search.FillAsync("12076");
        await Assertions.Expect(summary).ToContainTextAsync("matching '12076'");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=12076"));
        var matching = Count(await summary.TextContentAsync());
        Assert.InRange(matching, 1, total - 1);
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(matching, PageSize));
        foreach (var text in await rows.AllTextContentsAsync())
        {
            Assert.Contains("12076", text, StringComparison.Ordinal);
        }

        // A sort by AS path, descending (two clicks), is in the URL; the rows come back in that order.
        var asPath = page.Locator("[data-testid=routes-grid] thead th", new() { HasText = "AS path" });
        await asPath.Locator(".mud-table-sort-label").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("sort=aspath"));
        await asPath.Locator(".mud-table-sort-label").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("desc=true"));
        await AssertDescendingAsPathsAsync(page);
        var link = page.Url;

        // The link, opened fresh, is the same view: same search, same order, same count.
        var again = await portal.NewPageAsync();
        await OpenAsync(again, link);
        await Assertions.Expect(again.Locator("[data-testid=route-count]")).ToContainTextAsync($"{matching:N0} routes at now matching '12076'");
        await Assertions.Expect(again.Locator("input[data-testid=route-filter]")).ToHaveValueAsync("12076");
        await AssertDescendingAsPathsAsync(again);
    }

    [Fact]
    public async Task The_snapshots_table_pages_to_its_oldest_poll()
    {
        var page = await portal.NewPageAsync();
        await OpenAsync(page, "/snapshots");
        var count = page.Locator("[data-testid=snapshot-count]");
        await Assertions.Expect(count).ToContainTextAsync("polls");
        var pager = page.Locator("[data-testid=snapshot-pager]");
        await Assertions.Expect(pager).ToContainTextAsync(Caption());
        await pager.GetByRole(AriaRole.Button, new() { Name = "Last page" }).ClickAsync();
        // On the last page the last poll shown is the last of all (a poll arriving meanwhile moves both).
        await Assertions.Expect(pager).ToContainTextAsync(new Regex(@"\d+-(\d+) of \1(?!\d)"));
        var caption = Caption().Match(await pager.TextContentAsync() ?? "");
        var onScreen = int.Parse(caption.Groups["last"].Value, CultureInfo.InvariantCulture) - int.Parse(caption.Groups["first"].Value, CultureInfo.InvariantCulture) + 1;
        await Assertions.Expect(page.Locator("[data-testid=snapshot-table] tbody tr.mud-table-row")).ToHaveCountAsync(onScreen);
    }

    private static async Task AssertDescendingAsPathsAsync(IPage page)
    {
        var grid = page.Locator("[data-testid=routes-grid]");
        var headers = await grid.Locator("thead th").AllTextContentsAsync();
        var column = headers.Select(h => h.Trim()).ToList().FindIndex(h => h.StartsWith("AS path", StringComparison.Ordinal));
        Assert.True(column >= 0, "the table has an AS path column");
        var cells = grid.Locator($"tbody tr.mud-table-row td:nth-child({column + 1})");
        await Assertions.Expect(cells.First).ToBeVisibleAsync();
        var paths = await Cells.WhenAsync(page, cells, p => p.SequenceEqual(p.OrderByDescending(x => x, StringComparer.Ordinal)));
        Assert.Equal(paths.OrderByDescending(p => p, StringComparer.Ordinal), paths);
    }

    private static int Count(string? summary) =>
        int.Parse(LeadingCount().Match(summary ?? "").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*([\d,]+) routes")]
    private static partial Regex LeadingCount();

    [GeneratedRegex(@"(?<first>\d+)-(?<last>\d+) of (?<all>\d+)")]
    private static partial Regex Caption();
}
