using System.Threading.Channels;
using Customer360.Core.Dialects;
using Customer360.Core.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Customer360.Ingestion.RabbitMq;

/// <summary>
/// Consumes the seed 003 `customer_events` topic exchange through a durable queue: receive -> parse -> batch ->
/// IEventIngestor -> ack after commit (RabbitMqBatchPump). The client recovers connection, topology and consumer by itself;
/// a first connection that fails (broker not up yet) is retried here.
/// </summary>
public sealed class RabbitMqEventSource(IOptions<RabbitMqOptions> options, EventParser parser, IEventIngestor ingestor, ILogger<RabbitMqEventSource> logger)
    : BackgroundService, ISourceHealth
{
    private readonly RabbitMqOptions _options = options.Value;
    private readonly string _endpoint = Endpoint(options.Value.Url);
    private readonly string _bindings = string.Join(',', options.Value.Bindings);
    private volatile SourceState _state = SourceState.Starting;
    private volatile RabbitMqBatchPump? _pump;
    private long _generation;

    public SourceHealth GetHealth() =>
        new("rabbitmq", _state, _state == SourceState.Connected ? _pump?.Lag : null, $"{_endpoint} queue {_options.Queue}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(_options.Url),
            ClientProvidedName = "customer360",
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromMilliseconds(_options.ReconnectDelayMs),
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeAsync(factory, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _state = SourceState.Disconnected;
                logger.ConnectFailed(ex, _endpoint, _options.ReconnectDelayMs);
                try
                {
                    await Task.Delay(_options.ReconnectDelayMs, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        _state = SourceState.Stopped;
    }

    private async Task ConsumeAsync(ConnectionFactory factory, CancellationToken stoppingToken)
    {
        await using var connection = await factory.CreateConnectionAsync(stoppingToken);
        connection.ConnectionShutdownAsync += (_, e) =>
        {
            Interlocked.Increment(ref _generation); // unacked deliveries of this connection are redelivered
            if (e.Initiator != ShutdownInitiator.Application)
            {
                _state = SourceState.Disconnected;
                logger.ConnectionLost(_endpoint, e.ReplyText);
            }

            return Task.CompletedTask;
        };
        connection.RecoverySucceededAsync += (_, _) =>
        {
            _state = SourceState.Connected;
            logger.Recovered(_endpoint);
            return Task.CompletedTask;
        };

        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        await RabbitMqTopology.DeclareAsync(channel, _options, stoppingToken);
        await channel.BasicQosAsync(0, _options.Prefetch, global: false, stoppingToken);

        var deliveries = Channel.CreateUnbounded<RabbitMqDelivery>(new UnboundedChannelOptions { SingleReader = true });
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, ea) =>
        {
            var time = ea.BasicProperties.IsTimestampPresent() ? DateTimeOffset.FromUnixTimeSeconds(ea.BasicProperties.Timestamp.UnixTime) : (DateTimeOffset?)null;
            deliveries.Writer.TryWrite(new RabbitMqDelivery(ea.Body.ToArray(), ea.Exchange, ea.RoutingKey, ea.DeliveryTag, Interlocked.Read(ref _generation), time));
            return Task.CompletedTask;
        };
        var pump = new RabbitMqBatchPump(connection, channel, _options, parser, ingestor, logger, () => Interlocked.Read(ref _generation));
        _pump = pump;
        await channel.BasicConsumeAsync(_options.Queue, autoAck: false, consumer, stoppingToken);
        _state = SourceState.Connected;
        logger.Consuming(_endpoint, _options.Queue, _options.Exchange, _bindings);
        await pump.RunAsync(deliveries.Reader, stoppingToken);
    }

    /// <summary>host:port/vhost of the URL: what logs and /health may show (never user or password).</summary>
    internal static string Endpoint(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Host}:{(u.IsDefaultPort ? 5672 : u.Port)}{u.AbsolutePath}" : "(invalid url)";
}
