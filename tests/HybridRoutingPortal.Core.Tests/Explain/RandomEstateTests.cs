using CsCheck;
using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Tests.Explain;

/// <summary>Randomised estates: the explanation never contradicts what it observes, nor the model what it renders.</summary>
public class RandomEstateTests
{
    private sealed record Shape(
        int Sites, int PrefixesPerSite, bool Ipv6, bool Avs, int Segments, int Nvas, bool NvaDefault, bool NvaOnPrem, bool NvaAvs,
        bool BranchToBranch, bool GlobalReach, bool SecondaryDown, int DropEvery, int UnknownEvery, int Seed)
    {
        public TestEstate Estate()
        {
            var sites = Enumerable.Range(0, Sites).Select(s => new SiteSpec($"site{s}", 65001 + s,
                [.. Enumerable.Range(0, PrefixesPerSite).Select(p => IpPrefix.Parse($"10.{10 + (s * 10) + p}.0.0/16")),
                 .. Ipv6 ? [IpPrefix.Parse($"2001:db8:{100 + s}::/48")] : Array.Empty<IpPrefix>()],
                Secondary: SecondaryDown && s == 0 ? BgpState.Idle : BgpState.Connected)).ToArray();
            var nvas = Enumerable.Range(0, Nvas).Select(i => new NvaSpec($"fw{i}", 65010 + i, $"10.100.2.{4 + i}",
                [.. (NvaDefault ? ["0.0.0.0/0"] : Array.Empty<string>()).Concat(NvaOnPrem ? ["10.0.0.0/10"] : []).Concat(NvaAvs ? ["10.200.0.0/15"] : [])
                    .Select(p => (IpPrefix.Parse(p), (AsPath?)null, (int?)null))])).ToArray();
            return new TestEstate
            {
                Sites = sites,
                Nvas = nvas,
                Avs = Avs,
                AvsSegments = [.. Enumerable.Range(0, Segments).Select(i => IpPrefix.Parse($"10.201.{i + 1}.0/24"))],
                BranchToBranch = BranchToBranch,
                GlobalReach = GlobalReach,
            };
        }
    }

    private static readonly Gen<Shape> Shapes =
        from sites in Gen.Int[1, 2]
        from prefixes in Gen.Int[1, 4]
        from ipv6 in Gen.Bool
        from avs in Gen.Bool
        from segments in Gen.Int[1, 3]
        from nvas in Gen.Int[0, 2]
        from nvaDefault in Gen.Bool
        from nvaOnPrem in Gen.Bool
        from nvaAvs in Gen.Bool
        from b2b in Gen.Bool
        from gr in Gen.Bool
        from secondaryDown in Gen.Bool
        from drop in Gen.Int[0, 7]
        from unknown in Gen.Int[0, 9]
        from seed in Gen.Int[0, 1000]
        select new Shape(sites, prefixes, ipv6, avs, segments, nvas, nvaDefault, nvaOnPrem, nvaAvs, b2b, gr, secondaryDown, drop, unknown, seed);

    [Fact]
    public void A_prefix_the_model_expects_and_the_observation_has_is_given_no_reason()
    {
        Shapes.Sample(shape =>
        {
            var estate = shape.Estate();
            var observed = estate.Observe();
            var random = new Random(shape.Seed);
            var unknown = new Dictionary<string, ObservationFailure?>();
            foreach (var id in observed.Keys.Order(StringComparer.Ordinal).ToArray())
            {
                // Perturb what is observed: drop some routes, fail some polls.
                if (shape.DropEvery > 0)
                {
                    observed[id].RemoveAll(_ => random.Next(shape.DropEvery + 2) == 0);
                }

                if (shape.UnknownEvery > 0 && random.Next(shape.UnknownEvery + 4) == 0)
                {
                    unknown[id] = new ObservationFailure(FailureReason.Timeout, "timed out");
                }
            }

            var explainer = estate.Explainer(observed, unknown, inferOrigins: false);
            foreach (var prefix in explainer.Model.Origins.All.Select(o => o.Prefix).Distinct())
            {
                var explanation = explainer.Explain(prefix);
                foreach (var hop in explanation.Hops)
                {
                    if (hop.Expected && hop.Status == HopStatus.Present)
                    {
                        Assert.Null(hop.Reason);
                    }

                    if (hop.Reason is not null)
                    {
                        Assert.NotEqual(HopStatus.Present, hop.Status);
                    }

                    if (hop.Status == HopStatus.Unknown)
                    {
                        Assert.Equal(ReasonCode.SourceUnknown, hop.Reason!.Code);
                    }
                }
            }
        }, iter: 150);
    }

    [Fact]
    public void Where_the_estate_shows_what_the_model_renders_every_hop_the_model_carries_the_prefix_to_is_present()
    {
        Shapes.Sample(shape =>
        {
            var estate = shape.Estate();
            var explainer = estate.Explainer(estate.Observe(), inferOrigins: false);
            foreach (var prefix in explainer.Model.Origins.All.Select(o => o.Prefix).Distinct())
            {
                var explanation = explainer.Explain(prefix);
                Assert.All(explanation.Hops.Where(h => h.Expected), h => Assert.True(h.Status == HopStatus.Present, $"{shape}: {prefix} at {h.Name}: {h.Status} ({h.Via})"));
            }
        }, iter: 150);
    }
}
