using System.Globalization;
using System.Text.Json.Nodes;
using Customer360.Ingestion.Nats.Client;

namespace Customer360.Ingestion.Nats.JetStream;

/// <summary>
/// A durable pull consumer: each fetch asks `$JS.API.CONSUMER.MSG.NEXT.&lt;stream&gt;.&lt;durable&gt;` for a batch with
/// an expiry, replies coming to one inbox subscription. Several processes on the same durable share the work.
/// </summary>
public sealed class JetStreamPullConsumer(JetStreamContext js, JetStreamSettings settings, INatsSubscription inbox, int batchCapacity) : IAsyncDisposable
{
    private readonly string _nextSubject = $"$JS.API.CONSUMER.MSG.NEXT.{settings.Stream}.{settings.Durable}";
    private readonly string _inboxSubject = inbox.Subject;

    public JetStreamSettings Settings => settings;

    /// <summary>
    /// Up to <paramref name="batch"/> messages; returns early when the server says there are no more (408 at the
    /// expiry, 404), so an idle consumer makes one request per <paramref name="expires"/>, never a busy loop.
    /// </summary>
    public async Task<IReadOnlyList<JetStreamMessage>> FetchAsync(int batch, TimeSpan expires, CancellationToken cancellationToken)
    {
        batch = Math.Min(batch, batchCapacity);
        var request = string.Create(CultureInfo.InvariantCulture, $"{{\"batch\":{batch},\"expires\":{(long)expires.TotalMilliseconds * 1_000_000}}}");
        await js.Connection.PublishAsync(_nextSubject, System.Text.Encoding.ASCII.GetBytes(request), replyTo: _inboxSubject, cancellationToken: cancellationToken);

        var result = new List<JetStreamMessage>(batch);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(expires + TimeSpan.FromSeconds(1)); // the 408 may be lost with a connection
        try
        {
            while (result.Count < batch)
            {
                var message = await inbox.Messages.ReadAsync(deadline.Token);
                if (message.IsStatus)
                {
                    if (result.Count > 0 || message.Headers!.StatusCode is 404 or 408 or 409)
                    {
                        break; // this request is over (or an older one's end marker: harmless)
                    }

                    continue;
                }

                if (JetStreamAckMetadata.TryParse(message.ReplyTo, out var metadata))
                {
                    result.Add(new JetStreamMessage(js.Connection, message, metadata!));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // expiry passed without an end marker: return what arrived
        }

        return result;
    }

    /// <summary>Messages not yet delivered to anyone (the consumer's lag).</summary>
    public async Task<long> GetPendingAsync(CancellationToken cancellationToken)
    {
        var info = await js.ApiAsync($"CONSUMER.INFO.{settings.Stream}.{settings.Durable}", null, cancellationToken);
        return (long?)info["num_pending"] ?? 0;
    }

    public ValueTask DisposeAsync() => inbox.DisposeAsync();
}
