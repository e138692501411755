using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>What a column of a server-paged table shows, read once the server's rows are on screen.</summary>
public static class Cells
{
    /// <summary>
    /// The cells' texts (trimmed) once they satisfy <paramref name="shown"/>, or as they stand after 15 s: a page's URL
    /// changes before the server's rows arrive, so a read right after a click may still see the old page. The caller
    /// asserts on what comes back, so a page that never gets there fails with what it showed.
    /// </summary>
    public static async Task<string[]> WhenAsync(IPage page, ILocator cells, Func<string[], bool> shown)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var texts = (await cells.AllTextContentsAsync()).Select(t => t.Trim()).ToArray();
            if (shown(texts) || DateTime.UtcNow > deadline)
            {
                return texts;
            }

            await page.WaitForTimeoutAsync(200);
        }
    }
}
