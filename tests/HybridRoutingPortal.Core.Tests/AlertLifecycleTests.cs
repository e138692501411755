using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Core.Tests;

public class AlertLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static List<(int Poll, AlertTransition Transition)> Run(IEnumerable<Evidence> evidence, LifecycleOptions options)
    {
        var status = AlertStatus.Inactive;
        var transitions = new List<(int, AlertTransition)>();
        var poll = 0;
        foreach (var e in evidence)
        {
            (status, var t) = AlertLifecycle.Apply(status, e, T0.AddMinutes(5 * poll), options);
            if (t is not null)
            {
                transitions.Add((poll, t));
            }

            poll++;
        }

        return transitions;
    }

    [Fact]
    public void A_missing_prefix_goes_pending_then_fires_after_n_ok_polls_and_resolves_after_m()
    {
        var v = Evidence.Violated;
        var s = Evidence.Satisfied;
        var transitions = Run([s, v, v, v, v, s, s, s], new LifecycleOptions(FireAfter: 3, ResolveAfter: 2));
        Assert.Equal([(1, AlertState.Pending), (3, AlertState.Firing), (6, AlertState.Resolved)], transitions.Select(t => (t.Poll, t.Transition.To)));
    }

    [Fact]
    public void Unknown_polls_neither_fire_nor_resolve()
    {
        var v = Evidence.Violated;
        var u = Evidence.Unknown;
        var s = Evidence.Satisfied;
        Assert.DoesNotContain(Run([v, u, u, u, u, v, u, s], LifecycleOptions.Default), t => t.Transition.To == AlertState.Firing);
        var firing = Run([v, v, v, u, u, u, u, u], LifecycleOptions.Default);
        Assert.Equal(AlertState.Firing, firing[^1].Transition.To);
    }

    [Fact]
    public void A_flapping_prefix_gives_one_alert_not_a_storm()
    {
        var v = Evidence.Violated;
        var s = Evidence.Satisfied;
        // Flapping before it ever fires: pending, cleared, pending…, never firing.
        Assert.DoesNotContain(Run([v, s, v, s, v, s, v, s], LifecycleOptions.Default), t => t.Transition.To == AlertState.Firing);
        // Flapping while firing: it stays one firing alert until it is satisfied M polls in a row.
        var transitions = Run([v, v, v, s, v, s, v, s, v, s, s], LifecycleOptions.Default);
        Assert.Single(transitions, t => t.Transition.To == AlertState.Firing);
        Assert.Single(transitions, t => t.Transition.To == AlertState.Resolved);
    }

    /// <summary>On random histories, an alert fires exactly when the condition held in N consecutive Ok polls.</summary>
    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(2, 2, 1)]
    [InlineData(3, 4, 3)]
    [InlineData(4, 1, 1)]
    public void Fires_exactly_when_n_consecutive_ok_polls_violate(int seed, int n, int m)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var evidence = Enumerable.Range(0, 40).Select(_ => random.NextDouble() switch
            {
                < 0.2 => Evidence.Unknown,
                < 0.65 => Evidence.Violated,
                _ => Evidence.Satisfied,
            }).ToArray();

            // Brute force over the Ok polls only.
            var expectedFires = new List<int>();
            var expectedResolves = new List<int>();
            var firing = false;
            var run = 0;
            var good = 0;
            for (var i = 0; i < evidence.Length; i++)
            {
                switch (evidence[i])
                {
                    case Evidence.Violated:
                        run++;
                        good = 0;
                        if (!firing && run >= n)
                        {
                            firing = true;
                            expectedFires.Add(i);
                        }

                        break;
                    case Evidence.Satisfied:
                        run = 0;
                        if (firing && ++good >= m)
                        {
                            firing = false;
                            expectedResolves.Add(i);
                            good = 0;
                        }

                        break;
                }
            }

            var transitions = Run(evidence, new LifecycleOptions(n, m));
            Assert.Equal(expectedFires, transitions.Where(t => t.Transition.To == AlertState.Firing).Select(t => t.Poll));
            Assert.Equal(expectedResolves, transitions.Where(t => t.Transition.To == AlertState.Resolved).Select(t => t.Poll));
        }
    }

    [Fact]
    public void A_default_route_does_not_meet_an_expectation_for_a_specific_prefix()
    {
        var expectation = new Expectation("e", "seg", IpPrefix.Parse("10.202.40.0/24"), ["v"], AlertSeverity.Critical, "me", ExpectationSource.User, "");
        var defaultOnly = new[] { new Route(IpPrefix.Parse("0.0.0.0/0"), "x", AsPath.Empty) };
        Assert.Null(expectation.MetBy(defaultOnly));
        var summary = new Route(IpPrefix.Parse("10.202.0.0/16"), "x", AsPath.Empty);
        Assert.Equal(summary, expectation.MetBy([.. defaultOnly, summary]));
        var expectDefault = expectation with { Prefix = IpPrefix.Parse("0.0.0.0/0") };
        Assert.NotNull(expectDefault.MetBy(defaultOnly));
    }
}

public class CoveringIndexTests
{
    [Fact]
    public void The_index_answers_like_a_scan_on_random_route_sets()
    {
        var random = new Random(9);
        var routes = Enumerable.Range(0, 3000).Select(_ =>
        {
            var len = random.Next(0, 33);
            var bytes = BitConverter.GetBytes(random.Next());
            return new Route(IpPrefix.FromNetwork(bytes, len), "x", AsPath.Empty);
        }).ToArray();
        var index = new CoveringIndex(routes);
        for (var i = 0; i < 2000; i++)
        {
            var probe = IpPrefix.FromNetwork(BitConverter.GetBytes(random.Next()), random.Next(0, 33));
            var expectation = new Expectation("e", "e", probe, ["v"], AlertSeverity.Info, "", ExpectationSource.User, "");
            Assert.Equal(expectation.MetBy(routes)?.Prefix, index.MetBy(expectation)?.Prefix);
        }
    }
}
