using System.Collections.Concurrent;
using System.Diagnostics;

namespace ArmEmulator;

/// <summary>
/// ARM's throttling as Microsoft documents it since 2024: token buckets per subscription (and per tenant
/// for tenant-level requests), reads 250 refilling 25/s, writes 200 refilling 10/s; a request that finds
/// its bucket empty gets 429 with Retry-After. Resource Graph: 15 queries per 5-second window per user.
/// POST actions draw from the writes bucket, as ARM classifies them by method.
/// </summary>
public sealed class ThrottlingModel
{
    private readonly ConcurrentDictionary<(string Scope, bool Write), TokenBucket> _buckets = new();
    private readonly Lock _graphGate = new();
    private long _graphWindowStart = Stopwatch.GetTimestamp();
    private int _graphUsed;
    private int _throttled;

    public bool Enabled { get; set; } = true;

    public double ReadCapacity { get; set; } = 250;

    public double ReadRefillPerSecond { get; set; } = 25;

    public double WriteCapacity { get; set; } = 200;

    public double WriteRefillPerSecond { get; set; } = 10;

    public int ResourceGraphQueriesPerWindow { get; set; } = 15;

    public TimeSpan ResourceGraphWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>429 answers given so far.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>Tokens taken from each bucket so far: what a run spent.</summary>
    public IReadOnlyDictionary<(string Scope, bool Write), long> Spent => _buckets.ToDictionary(kv => kv.Key, kv => kv.Value.Taken);

    /// <summary>Takes a token; returns the tokens left (after the take) or, when empty, null and how long until one is back.</summary>
    public (long? Remaining, TimeSpan RetryAfter) Take(string scope, bool write)
    {
        var bucket = _buckets.GetOrAdd((scope, write), _ => write
            ? new TokenBucket(WriteCapacity, WriteRefillPerSecond)
            : new TokenBucket(ReadCapacity, ReadRefillPerSecond));
        if (!Enabled)
        {
            return (bucket.Peek(), TimeSpan.Zero);
        }

        var (remaining, retry) = bucket.Take();
        if (remaining is null)
        {
            Interlocked.Increment(ref _throttled);
        }

        return (remaining, retry);
    }

    /// <summary>What is left in a bucket now, without taking (for the headers of answers that draw from another bucket).</summary>
    public long Peek(string scope, bool write) =>
        _buckets.GetOrAdd((scope, write), _ => write ? new TokenBucket(WriteCapacity, WriteRefillPerSecond) : new TokenBucket(ReadCapacity, ReadRefillPerSecond)).Peek();

    /// <summary>One Resource Graph query: the quota left and the time to the window's reset, or null when spent.</summary>
    public (int? Remaining, TimeSpan ResetsAfter) TakeGraphQuery()
    {
        lock (_graphGate)
        {
            var elapsed = Stopwatch.GetElapsedTime(_graphWindowStart);
            if (elapsed >= ResourceGraphWindow)
            {
                _graphWindowStart = Stopwatch.GetTimestamp();
                _graphUsed = 0;
                elapsed = TimeSpan.Zero;
            }

            var resets = ResourceGraphWindow - elapsed;
            if (Enabled && _graphUsed >= ResourceGraphQueriesPerWindow)
            {
                Interlocked.Increment(ref _throttled);
                return (null, resets);
            }

            _graphUsed++;
            return (Math.Max(0, ResourceGraphQueriesPerWindow - _graphUsed), resets);
        }
    }

    private sealed class TokenBucket(double capacity, double refillPerSecond)
    {
        private readonly Lock _gate = new();
        private readonly double _capacity = capacity;
        private double _tokens = capacity;
        private long _stamp = Stopwatch.GetTimestamp();
        private long _taken;

        public long Taken => Interlocked.Read(ref _taken);

        public (long? Remaining, TimeSpan RetryAfter) Take()
        {
            lock (_gate)
            {
                Refill();
                if (_tokens < 1)
                {
                    return (null, TimeSpan.FromSeconds((1 - _tokens) / refillPerSecond));
                }

                _tokens -= 1;
                _taken++;
                return ((long)Math.Floor(_tokens), TimeSpan.Zero);
            }
        }

        public long Peek()
        {
            lock (_gate)
            {
                Refill();
                return (long)Math.Floor(_tokens);
            }
        }

        private void Refill()
        {
            var now = Stopwatch.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + (Stopwatch.GetElapsedTime(_stamp, now).TotalSeconds * refillPerSecond));
            _stamp = now;
        }
    }
}
