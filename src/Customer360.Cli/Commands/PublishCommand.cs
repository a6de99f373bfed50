using System.CommandLine;
using Customer360.Cli.Publishing;
using Spectre.Console;

namespace Customer360.Cli.Commands;

/// <summary>
/// `c360 publish`: the seed 004 test publisher for every dialect (`--event purchase`, `--all`,
/// `--customer cust_999`), to HTTP or a broker.
/// </summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var eventType = new Option<string?>("--event") { Description = "Event type to publish (e.g. purchase, recharge, loyalty.points.earned)" };
        var all = new Option<bool>("--all") { Description = "Publish every sample event type" };
        var customer = new Option<string?>("--customer") { Description = "Customer id to publish for (default: the sample's)" };
        var dialect = new Option<string?>("--dialect") { Description = "Only samples of this dialect: telecom, crm-domain, customer-service, customeriq" };
        var to = new Option<string>("--to") { Description = "http | kafka | rabbitmq | nats", DefaultValueFactory = _ => "http" };
        var url = new Option<string>("--url") { Description = "Server URL for --to http", DefaultValueFactory = _ => ServeCommand.DefaultUrl };
        var tenant = new Option<string?>("--tenant") { Description = "X-Tenant-Id for --to http" };
        var amqpUrl = new Option<string>("--amqp-url")
        {
            Description = "Broker URL for --to rabbitmq (default RABBITMQ_URL or amqp://guest:guest@localhost:5672/); exchange from RABBITMQ_EXCHANGE or customer_events",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RABBITMQ_URL") is { Length: > 0 } u ? u : "amqp://guest:guest@localhost:5672/",
        };
        var bootstrap = new Option<string>("--bootstrap")
        {
            Description = "Kafka bootstrap servers for --to kafka",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS") ?? "localhost:9092",
        };
        var servers = new Option<string>("--servers")
        {
            Description = "NATS server URL(s), comma-separated, for --to nats",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NATS_SERVERS") ?? "nats://127.0.0.1:4222",
        };
        var command = new Command("publish", "Publish sample events (the seeds' test publisher)") { eventType, all, customer, dialect, to, url, tenant, bootstrap, servers, amqpUrl };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(eventType) is null && !parse.GetValue(all))
            {
                AnsiConsole.MarkupLine("[red]Say which events:[/] --event TYPE or --all");
                return 2;
            }

            var messages = SampleEvents.Select(parse.GetValue(eventType), parse.GetValue(dialect), parse.GetValue(customer), DateTimeOffset.UtcNow);
            if (messages.Count == 0)
            {
                AnsiConsole.MarkupLine("[red]No sample event matches[/] (see the seed documents for event types)");
                return 2;
            }

            var target = new PublishTarget(parse.GetValue(url)!, parse.GetValue(tenant), parse.GetValue(bootstrap)!, parse.GetValue(servers)!, parse.GetValue(amqpUrl)!);
            await using var publisher = CreatePublisher(parse.GetValue(to)!, target);
            if (publisher is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Unknown or not yet supported transport:[/] {parse.GetValue(to)} (http, kafka, rabbitmq, nats)");
                return 2;
            }

            await publisher.PublishAsync(messages, ct);
            AnsiConsole.MarkupLineInterpolated($"Published [green]{messages.Count}[/] event(s) to {parse.GetValue(to)}");
            return 0;
        });
        return command;
    }

    /// <summary>One line per transport; broker publishers are added with their sources.</summary>
    private static IEventPublisher? CreatePublisher(string to, PublishTarget target) => to switch
    {
        "http" => new HttpPublisher(new Uri(target.Url), target.Tenant),
        "kafka" => new KafkaPublisher(target.Bootstrap, KafkaPublisher.SettingsFromEnvironment()),
        "nats" => new NatsPublisher(target.Servers),
        "rabbitmq" => new RabbitMqPublisher(target.AmqpUrl, Environment.GetEnvironmentVariable("RABBITMQ_EXCHANGE") is { Length: > 0 } x ? x : "customer_events"),
        _ => null,
    };
}

/// <summary>Where `c360 publish` sends to, one field per transport's address.</summary>
internal sealed record PublishTarget(string Url, string? Tenant, string Bootstrap, string Servers, string AmqpUrl);
