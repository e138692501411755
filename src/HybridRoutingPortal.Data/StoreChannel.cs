using Npgsql;

namespace HybridRoutingPortal.Data;

/// <summary>A channel between instances that share a database: "something was stored".</summary>
public interface IStoreChannel
{
    Task PublishAsync(CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onStoredElsewhere"/> for each announcement made by another instance, until cancelled or the connection fails.</summary>
    Task ListenAsync(Action onStoredElsewhere, CancellationToken cancellationToken);
}

/// <summary>The channel on PostgreSQL: NOTIFY on store, LISTEN on a dedicated connection; the payload names the sender so it ignores its own.</summary>
public sealed class PostgresStoreChannel(string connectionString, string instance) : IStoreChannel
{
    public const string Channel = "hrp_stored";

    private readonly string _listenConnection = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString;

    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("SELECT pg_notify(@channel, @instance)", connection);
        cmd.Parameters.AddWithValue("channel", Channel);
        cmd.Parameters.AddWithValue("instance", instance);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ListenAsync(Action onStoredElsewhere, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_listenConnection);
        await connection.OpenAsync(cancellationToken);
        connection.Notification += (_, e) =>
        {
            if (e.Channel == Channel && e.Payload != instance)
            {
                onStoredElsewhere();
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }
}
