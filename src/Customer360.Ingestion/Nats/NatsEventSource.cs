using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Ingestion.Nats.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Customer360.Ingestion.Nats;

/// <summary>
/// The seed 004 NATS subscriber: connect (retrying), then either a JetStream durable pull consumer
/// (`+ACK` only after the batch is committed: at-least-once in, exactly-once effect through event-id dedup)
/// or, without JetStream, core subscriptions in a queue group (at-most-once, as core NATS is).
/// </summary>
public sealed partial class NatsEventSource(
    IOptions<NatsOptions> options,
    IEventIngestor ingestor,
    EventIngestor writer,
    ILogger<NatsEventSource> logger) : BackgroundService, ISourceHealth
{
    private readonly NatsOptions _options = options.Value;
    private NatsConnection? _connection;
    private string _mode = "starting";
    private long? _lag;
    private bool _stopped;
    private bool _connectFailing;

    public SourceHealth GetHealth()
    {
        var state = _stopped ? SourceState.Stopped : _connection?.State switch
        {
            null => _connectFailing ? SourceState.Disconnected : SourceState.Starting,
            NatsConnectionState.Connected => SourceState.Connected,
            NatsConnectionState.Closed => SourceState.Stopped,
            _ => SourceState.Disconnected,
        };
        var dropped = _subscriptions.Sum(s => s.Dropped);
        var detail = $"{_mode} via {_connection?.ConnectedUrl ?? _options.Servers}" + (dropped > 0 ? $"; {dropped} dropped (slow consumer)" : "");
        return new SourceHealth("nats", state, _lag, detail);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        NatsSourceLog.Starting(logger);
        var servers = string.Join(",", _options.ServerList.Select(Client.NatsServerAddress.Redact));
        NatsSourceLog.Connecting(logger, servers);
        try
        {
            _connection = await ConnectAsync(stoppingToken);
            var jetStream = _options.JetStream ?? _connection.ServerInfo?.JetStream ?? false;
            _mode = jetStream ? "jetstream" : "core";
            if (jetStream)
            {
                await RunJetStreamAsync(_connection, stoppingToken);
            }
            else
            {
                await RunCoreAsync(_connection, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            _stopped = true;
            NatsSourceLog.Stopped(logger);
        }
    }

    private async Task<NatsConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromMilliseconds(_options.ReconnectWaitMs);
        while (true)
        {
            var connection = new NatsConnection(new NatsConnectionOptions
            {
                Servers = _options.ServerList,
                User = _options.User,
                Password = _options.Password,
                Token = _options.Token,
                PingInterval = TimeSpan.FromSeconds(_options.PingIntervalSeconds),
                ReconnectWait = TimeSpan.FromMilliseconds(_options.ReconnectWaitMs),
                MaxReconnectWait = TimeSpan.FromMilliseconds(_options.MaxReconnectWaitMs),
                SubscriptionCapacity = _options.SubscriptionCapacity,
                Logger = logger,
            });
            try
            {
                await connection.ConnectAsync(cancellationToken);
                return connection;
            }
            catch (NatsException e)
            {
                await connection.DisposeAsync();
                _connectFailing = true;
                NatsSourceLog.ConnectFailed(logger, e.Message, (long)wait.TotalMilliseconds);
                await Task.Delay(wait, cancellationToken);
                wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, _options.MaxReconnectWaitMs));
            }
        }
    }

    private RawMessage ToRaw(NatsMessage message, DateTimeOffset? brokerTime)
    {
        NatsSourceLog.Received(logger, message.Subject);
        return new RawMessage(message.Data, "nats", "nats:" + message.Subject)
        {
            Tenant = _options.Tenant,
            Dialect = _options.Dialect,
            BrokerTime = brokerTime,
        };
    }
}
