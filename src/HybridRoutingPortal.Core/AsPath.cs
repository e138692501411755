namespace HybridRoutingPortal.Core;

/// <summary>
/// An AS path in canonical form: ASNs separated by single spaces. ARM prints it as "65002-65001"
/// (Route Server, gateways) and "65002 65001" (ExpressRoute route tables); both normalise to one form
/// so the same path compares equal across vantage points.
/// </summary>
public readonly record struct AsPath
{
    public static readonly AsPath Empty = new(string.Empty);

    private readonly string? _text;

    private AsPath(string text) => _text = text;

    public string Text => _text ?? string.Empty;

    public bool IsEmpty => Text.Length == 0;

    public IReadOnlyList<long> Asns => IsEmpty
        ? []
        : Text.Split(' ').Select(a => long.TryParse(a.Trim('{', '}', '(', ')'), out var asn) ? asn : -1).Where(a => a >= 0).ToArray();

    public static AsPath Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        // Stored paths are already canonical; recognising that saves a split and a join per route read.
        if (IsCanonical(text))
        {
            return new AsPath(text);
        }

        var parts = text.Split([' ', '-', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new AsPath(string.Join(' ', parts));
    }

    private static bool IsCanonical(string text)
    {
        if (text[0] == ' ' || text[^1] == ' ')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' ? text[i - 1] == ' ' : !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static AsPath Of(params long[] asns) => new(string.Join(' ', asns));

    public bool Contains(long asn) => Asns.Contains(asn);

    /// <summary>The AS that originated the route (the last in the path), if any.</summary>
    public long? Origin => Asns.Count == 0 ? null : Asns[^1];

    public AsPath Prepend(long asn) => IsEmpty ? Of(asn) : new AsPath($"{asn} {Text}");

    public override string ToString() => Text;
}
