using System.Net;
using Npgsql;
using NpgsqlTypes;

namespace HybridRoutingPortal.Bench;

/// <summary>Writes route rows with PostgreSQL's binary COPY, column for column as the store's own COPY writes them.</summary>
internal static class PostgresRouteRows
{
    /// <summary>The route columns, in the order <see cref="WriteRouteAsync"/> writes them.</summary>
    public const string RouteColumns = "Family, Network, PrefixLength, NextHop, SourcePeer, LocalAddress, AsPath, Origin, Weight, LocalPreference, NextHopType, State";

    /// <summary>The interval columns the store's COPY writes, the cidr prefix last.</summary>
    public const string IntervalColumns = $"VantageKey, {RouteColumns}, FromPollId, FromTicks, ToPollId, ToTicks, Prefix";

    public static async Task WriteRouteAsync(NpgsqlBinaryImporter copy, Route r)
    {
        await copy.WriteAsync(r.Prefix.IsIPv4 ? 4 : 6, NpgsqlDbType.Integer);
        await copy.WriteAsync(r.Prefix.StartBytes, NpgsqlDbType.Bytea);
        await copy.WriteAsync(r.Prefix.Length, NpgsqlDbType.Integer);
        await copy.WriteAsync(r.NextHop, NpgsqlDbType.Text);
        await copy.WriteAsync(r.SourcePeer ?? string.Empty, NpgsqlDbType.Text);
        await copy.WriteAsync(r.LocalAddress ?? string.Empty, NpgsqlDbType.Text);
        await copy.WriteAsync(r.AsPath.Text, NpgsqlDbType.Text);
        await copy.WriteAsync(r.Origin, NpgsqlDbType.Text);
        await WriteAsync(copy, r.Weight);
        await WriteAsync(copy, r.LocalPreference);
        await copy.WriteAsync(r.NextHopType ?? string.Empty, NpgsqlDbType.Text);
        if (r.State is { } state)
        {
            await copy.WriteAsync((int)state, NpgsqlDbType.Integer);
        }
        else
        {
            await copy.WriteNullAsync();
        }
    }

    /// <summary>One interval row of <see cref="IntervalColumns"/>.</summary>
    public static async Task WriteIntervalAsync(NpgsqlBinaryImporter copy, int vantageKey, Route r, long fromPoll, long fromTicks, long? toPoll, long toTicks)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(vantageKey, NpgsqlDbType.Integer);
        await WriteRouteAsync(copy, r);
        await copy.WriteAsync(fromPoll, NpgsqlDbType.Bigint);
        await copy.WriteAsync(fromTicks, NpgsqlDbType.Bigint);
        await WriteAsync(copy, toPoll);
        await copy.WriteAsync(toTicks, NpgsqlDbType.Bigint);
        await copy.WriteAsync(new IPNetwork(r.Prefix.Network, r.Prefix.Length), NpgsqlDbType.Cidr);
    }

    public static async Task ExecAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await cmd.ExecuteNonQueryAsync();
    }

    private static Task WriteAsync(NpgsqlBinaryImporter copy, long? value) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Bigint) : copy.WriteNullAsync();
}
