using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CsCheck;

namespace HybridRoutingPortal.Web.Tests.Fuzz;

/// <summary>A value for a query or path parameter; a raw one goes into the URL as written (bad percent-escapes, bare '&amp;').</summary>
public sealed record FuzzValue(string Text, bool Raw = false)
{
    public string Encoded => Raw ? Text : Uri.EscapeDataString(Text);

    public override string ToString() => Text.Length > 120 ? $"{Text[..60]}…({Text.Length} chars)" : Text;
}

/// <summary>
/// Real values read from the running app, so generated requests also reach past the first check: ids, continuation
/// tokens, and every value the app's own answers carry, by property name (a body field named "prefix" gets real prefixes).
/// </summary>
public sealed record KnownValues(IReadOnlyList<string> VantageIds, IReadOnlyList<string> Tokens, IReadOnlyList<string> AlertIds, IReadOnlyList<string> ExpectationIds,
    IReadOnlyDictionary<string, IReadOnlyList<System.Text.Json.Nodes.JsonNode>> Fields, IReadOnlyList<System.Text.Json.Nodes.JsonObject> Objects)
{
    public IReadOnlyList<System.Text.Json.Nodes.JsonNode> Field(string name) => Fields.TryGetValue(name, out var values) ? values : [];
}

/// <summary>
/// Bad and borderline values for any parameter: wrong types, extreme numbers and dates, CIDR edge cases, odd unicode,
/// overlong text, injection-like text, forged continuation tokens; mixed with real values so later checks run too.
/// </summary>
public static class HostileValues
{
    public static readonly string[] Dates =
    [
        "9999-12-31", "9999-12-31T23:59:59.9999999Z", "0001-01-01", "0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
        "2100-01-01T00:00:00Z", "2100-12-31T23:59:59.9999999+00:00", "2099-12-31T23:59:59-14:00", "2000-01-01T00:00:00+14:00", "2026-02-30",
        "2026-13-01", "2026-11-24T25:00:00Z", "2026-11-24T09:00:00+99:00", "2026-11-24T09:00:00.123456789012Z", "2026-11-24 09:00",
        "24/11/2026", "11/24/2026 10:00 PM", "now", "NOW ", " now", "yesterday", "-1.00:00:00", "P1D", "1700000000", "2026-W48-2", "2026-328",
        "2026-11-24T09:00:00Z/2026-11-25", "+002026-11-24", "-0001-01-01", "2026-11-24T09:00:00Z\u0000", "２０２６-１１-２４",
        "2026-11-24T09:00:00Z", "2026-11-24T09:10:00Z", "2026-11-24T12:00:00Z", "2026-11-23T21:00:00Z", "2026-10-20T00:00:00Z",
    ];

    public static readonly string[] Prefixes =
    [
        "0.0.0.0/0", "::/0", "255.255.255.255/32", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/",
        "/8", "10.0.0.1/8", "10.0.0.0/08", "10.0.0.0/8/8", "256.0.0.0/8", "1.2.3", "1.2.3.4.5", "::ffff:10.0.0.0/104", "fe80::1%eth0/64",
        "2001:db8::/129", "2001:db8:::/32", "10.0.0.0%2F8", "10.0.0.0 /8", "010.000.000.000/8", "0x0a.0.0.0/8", "1", "4294967295", "[::1]",
        "::", ":::", "10.0.0.0/2147483648", "10.0.0.0/1e3", "10.200.0.0/15", "10.201.10.7", "192.168.255.5/32", "0.0.0.0", "::ffff:0:0/96",
    ];

    public static readonly string[] Numbers =
    [
        "0", "-0", "-1", "1", "2", "1000", "10000", "10001", "50000", "50001", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616", "1e308", "-1e308", "1e309", "NaN",
        "Infinity", "-Infinity", "1.5", "0x10", "1_000", " 7", "7 ", "+7", "007", "１２３", "٣", "1,2", "true", "null",
    ];

    public static readonly string[] Injections =
    [
        "' OR '1'='1", "1; DROP TABLE Polls;--", "\" OR \"\"=\"", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x/a}",
        "../../../../etc/passwd", "..\\..\\windows", "\r\nX-Injected: 1", "|| ls", "`id`", "$(id)", "*", "%", "_", "[", "]", "\\", "'", "\"",
        "json", "csv", "xml", "JSON", "firing", "pending", "resolved", "Firing", "inside", "exact", "covering", "0", "added", "removed", "changed",
        "prefix", "-prefix", "kind", "name", "table", "graph",
    ];

    public static readonly string[] Unicode =
    [
        "", " ", "\t", "\u202Eevil", "\uFEFF", "\u200B", "\U0001F4A9", "Ω≈ç√∫", "e\u0301\u0301\u0301", "\u0000", "\u001F", "\uFFFF", "\uD800",
        "\uDC00x", "ǅ", "İ", "ß", "ﬁ", "\u00A0", "\u2028", "日本語", "null", "undefined", "[]", "{}",
    ];

    /// <summary>Text that is put into the URL unescaped: broken percent-escapes, invalid UTF-8, separators.</summary>
    public static readonly string[] RawText =
    [
        "%", "%Z", "%ZZ", "%FF%FE", "%C0%AF", "%ED%A0%80", "%00", "+", "&&", "==", "%2F", "%252F", "a%0Ab", "%E2%80%AE", "%F0%9F", "?", "#", ";",
    ];

    /// <summary>Continuation tokens a client might forge: base64url of near-miss texts and of random bytes.</summary>
    public static readonly Gen<string> ForgedTokens = Gen.OneOf(
        Gen.OneOf("4.0A000000.8.-1", "6.ZZ.200.1", "4..8.1", "4.0A000000.8.9223372036854775808", "5.0A000000.8.1", "2147483647|x", "-1|vp",
            "99999999999|/subscriptions/a", "0|", "|", "0|/subscriptions/x/resourcegroups/y", "4.0A0000000000.8.1", "6.00000000000000000000000000000000.0.0")
            .Select(t => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(t))),
        Gen.Byte.Array[0, 64].Select(b => Base64Url.EncodeToString(b)),
        Gen.Byte.Array[0, 64].Select(Convert.ToBase64String),
        Gen.String[0, 300]);

    public static Gen<FuzzValue> For(ApiParameter parameter, KnownValues known)
    {
        var general = parameter.IsInteger ? Gen.Frequency((6, Integers()), (1, Any(known))) : Any(known);
        var seen = Seen(parameter.Name, known);
        return seen.Length == 0 ? general : Gen.Frequency((3, general), (1, Gen.OneOf(seen).Select(Gen.Int[0, 8], (v, how) => new FuzzValue(how < 4 ? Mutate(v, how) : v))));
    }

    /// <summary>A value the app itself answered under the parameter's name, unchanged; null (leave it out) when it never did.</summary>
    public static Gen<FuzzValue?> Benign(ApiParameter parameter, KnownValues known)
    {
        var seen = Seen(parameter.Name, known);
        return seen.Length == 0 ? Gen.Const(() => (FuzzValue?)null) : Gen.Frequency((1, Gen.Const(() => (FuzzValue?)null)), (2, Gen.OneOf(seen).Select(v => (FuzzValue?)new FuzzValue(v))));
    }

    private static string[] Seen(string name, KnownValues known) =>
        known.Field(name).Where(n => n.GetValueKind() is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number)
            .Select(n => n.GetValueKind() == System.Text.Json.JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString()).ToArray();

    public static Gen<FuzzValue> Integers() => Gen.OneOf(
        Gen.OneOf(Numbers).Select(n => new FuzzValue(n)),
        Gen.Int.Select(i => new FuzzValue(i.ToString(CultureInfo.InvariantCulture))),
        Gen.Long.Select(i => new FuzzValue(i.ToString(CultureInfo.InvariantCulture))),
        Gen.Int[-3, 60_000].Select(i => new FuzzValue(i.ToString(CultureInfo.InvariantCulture))));

    public static Gen<FuzzValue> Any(KnownValues known)
    {
        var plausible = Gen.OneOf(
            Gen.OneOf([.. known.VantageIds, .. known.Tokens, .. known.AlertIds, .. known.ExpectationIds, "x"]),
            Gen.OneOf([.. known.VantageIds, "x"]).Select(Gen.Int[0, 4], Mutate));
        return Gen.Frequency(
            (4, Gen.OneOf(Dates).Select(d => new FuzzValue(d))),
            (1, Gen.DateTime.Select(d => new FuzzValue(d.ToString("O", CultureInfo.InvariantCulture)))),
            (1, Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks].Select(t => new FuzzValue(new DateTime(t).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)))),
            (4, Gen.OneOf(Prefixes).Select(p => new FuzzValue(p))),
            (1, Gen.Int[0, 300].Select(Gen.Int[0, 300], Gen.Int[0, 300], Gen.Int[-2, 140], (a, b, c, l) => new FuzzValue($"{a}.{b}.{c}.0/{l}"))),
            (3, Integers()),
            (3, Gen.OneOf(Injections).Select(s => new FuzzValue(s))),
            (3, Gen.OneOf(Unicode).Select(s => new FuzzValue(s))),
            (2, Gen.OneOf(RawText).Select(s => new FuzzValue(s, Raw: true))),
            (2, ForgedTokens.Select(t => new FuzzValue(t))),
            (4, plausible.Select(p => new FuzzValue(p))),
            (2, Gen.String.Select(s => new FuzzValue(s))),
            (1, Gen.Int[1_000, 20_000].Select(Gen.Char, (n, c) => new FuzzValue(new string(c, n)))),
            (1, Gen.OneOf(Prefixes).Select(Gen.Int[10, 2_000], (p, n) => new FuzzValue(string.Join(',', Enumerable.Repeat(p, n))))));
    }

    /// <summary>A near-miss of a real value: upper-cased, padded, cut, doubled.</summary>
    public static string Mutate(string value, int how) => how switch
    {
        0 => value.ToUpperInvariant(),
        1 => $"  {value}  ",
        2 => value[..(value.Length / 2)],
        3 => value + value,
        _ => value + "/..",
    };
}
