using System.Text.Json;
using System.Text.Json.Nodes;
using Customer360.Ingestion.Nats.Client;

namespace Customer360.Ingestion.Nats.JetStream;

/// <summary>The JetStream API (`$JS.API.*`) over our client's request/reply: streams, durable pull consumers, publish with ack.</summary>
public sealed class JetStreamContext(INatsConnection connection, TimeSpan? apiTimeout = null)
{
    private readonly TimeSpan _timeout = apiTimeout ?? TimeSpan.FromSeconds(10);

    public INatsConnection Connection => connection;

    /// <summary>Creates the stream, or updates it when it exists with another configuration.</summary>
    public async Task<JsonObject> CreateOrUpdateStreamAsync(JetStreamSettings settings, CancellationToken cancellationToken)
    {
        var config = new JsonObject
        {
            ["name"] = settings.Stream,
            ["subjects"] = new JsonArray(settings.Subjects.Select(s => (JsonNode)s).ToArray()),
            ["retention"] = "limits",
            ["storage"] = "file",
            ["discard"] = "old",
            ["num_replicas"] = 1,
        };
        try
        {
            return await ApiAsync($"STREAM.CREATE.{settings.Stream}", config, cancellationToken);
        }
        catch (JetStreamApiException e) when (e.ErrorCode == JetStreamApiException.StreamNameInUse)
        {
            return await ApiAsync($"STREAM.UPDATE.{settings.Stream}", config, cancellationToken);
        }
    }

    /// <summary>Creates the durable pull consumer (explicit acks); on an existing one the server updates what may change.</summary>
    public async Task<JetStreamPullConsumer> CreateOrUpdateConsumerAsync(JetStreamSettings settings, int fetchBuffer, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["stream_name"] = settings.Stream,
            ["config"] = new JsonObject
            {
                ["durable_name"] = settings.Durable,
                ["deliver_policy"] = "all",
                ["ack_policy"] = "explicit",
                ["ack_wait"] = (long)settings.AckWait.TotalMilliseconds * 1_000_000,
                ["max_deliver"] = settings.MaxDeliver,
                ["max_ack_pending"] = settings.MaxAckPending,
                ["replay_policy"] = "instant",
            },
        };
        await ApiAsync($"CONSUMER.DURABLE.CREATE.{settings.Stream}.{settings.Durable}", request, cancellationToken);
        var inbox = await connection.SubscribeAsync(connection.NewInbox(), cancellationToken: cancellationToken);
        return new JetStreamPullConsumer(this, settings, inbox, fetchBuffer);
    }

    /// <summary>Publishes into a stream and waits for its acknowledgement (the stream sequence).</summary>
    public async Task<ulong> PublishAsync(string subject, ReadOnlyMemory<byte> data, CancellationToken cancellationToken, NatsHeaders? headers = null)
    {
        var reply = await connection.RequestAsync(subject, data, _timeout, headers, cancellationToken);
        var answer = Check(reply);
        return answer["seq"]!.GetValue<ulong>();
    }

    public async Task<JsonObject> ApiAsync(string api, JsonObject? body, CancellationToken cancellationToken)
    {
        var payload = body is null ? ReadOnlyMemory<byte>.Empty : JsonSerializer.SerializeToUtf8Bytes(body);
        var reply = await connection.RequestAsync("$JS.API." + api, payload, _timeout, cancellationToken: cancellationToken);
        return Check(reply);
    }

    private static JsonObject Check(NatsMessage reply)
    {
        if (reply.IsStatus)
        {
            throw new NatsException($"JetStream answered status {reply.Headers!.StatusCode} {reply.Headers.StatusDescription}", reply.Headers.StatusCode);
        }

        var answer = JsonNode.Parse(reply.Data.Span)?.AsObject() ?? throw new NatsException("empty JetStream API reply");
        if (answer["error"] is JsonObject error)
        {
            throw new JetStreamApiException(
                (int?)error["code"] ?? 0,
                (int?)error["err_code"] ?? 0,
                (string?)error["description"] ?? error.ToJsonString());
        }

        return answer;
    }
}
