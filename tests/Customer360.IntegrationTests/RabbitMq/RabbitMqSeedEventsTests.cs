using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Customer360.IntegrationTests.RabbitMq;

/// <summary>Seed 003: the customer service's eight events, sent by the producers its users run.</summary>
[Collection(RabbitMqCollectionDefinition.Name)]
public sealed class RabbitMqSeedEventsTests(RabbitMqFixture fixture)
{
    [Theory]
    [InlineData("pika")]
    [InlineData("amqplib")]
    public async Task SeedEventsFromRealProducersBuildTheContractProfiles(string producer)
    {
        // Defaults (exchange customer_events, queue customer360); bindings as a comma list with spaces, as in a .env file.
        await using var service = await RabbitMqTestService.StartAsync(fixture.Node,
            extra: new Dictionary<string, string?> { ["RABBITMQ_BINDINGS"] = "customer.#, loyalty.#,credit.#" });
        var events = RabbitProducers.Client("seed003-events.jsonl");
        var output = producer == "pika"
            ? await RabbitProducers.PikaAsync(fixture.Node.AmqpUrl, "customer_events", events)
            : await RabbitProducers.AmqplibAsync(fixture.Node.AmqpUrl, "customer_events", events);
        Assert.Contains("published 8", output, StringComparison.Ordinal);

        var stats = await RabbitMqTestService.WaitForStatsAsync(service, events: 8, deadLetters: 0);
        Assert.Equal((8, 0), stats);

        var juan = await RabbitMqTestService.ProfileAsync(service, "cust_123", "org_001");
        var loyalty = juan.GetProperty("loyalty");
        Assert.Equal(450m, loyalty.GetProperty("pointsBalance").GetDecimal()); // redeemed (13:00) arrived first, earned (12:00) is older
        Assert.Equal("gold", loyalty.GetProperty("tier").GetString());
        Assert.Equal("new.email@example.com", juan.GetProperty("email").GetString());

        var credit = (await RabbitMqTestService.ProfileAsync(service, "cust_456", "org_001")).GetProperty("credit");
        Assert.Equal(10000m, credit.GetProperty("limit").GetDecimal());
        Assert.Equal(5000m, credit.GetProperty("available").GetDecimal());
        var alert = Assert.Single(credit.GetProperty("alerts").EnumerateArray());
        Assert.Equal(1000m, alert.GetProperty("shortfall").GetDecimal());

        // the routing key is recorded as the origin of every stored event
        string[] types = ["credit.approved", "credit.limit.exceeded", "credit.used", "customer.created", "customer.updated",
            "loyalty.points.earned", "loyalty.points.redeemed", "loyalty.tier.upgraded"];
        Assert.Equal(types.Select(t => $"rabbitmq:customer_events/{t}"), await StoredOriginsAsync(service.DbPath));

        // organization_id is the tenant: the default tenant does not see these customers
        Assert.Null(await service.GetJsonAsync("/api/customers/cust_123", "default"));
        var health = (await service.GetJsonAsync("/health"))!.Value;
        var source = Assert.Single(health.GetProperty("sources").EnumerateArray());
        Assert.Equal("rabbitmq", source.GetProperty("name").GetString());
        Assert.Equal("connected", source.GetProperty("state").GetString());
        Assert.DoesNotContain("guest", health.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliPublishToRabbitMqIsConsumedWithTheRoutingKeyAsOrigin()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var exchange = $"cli-{id}";
        await using var service = await RabbitMqTestService.StartAsync(fixture.Node, exchange, $"c360-{id}");

        var output = await Infrastructure.ExternalProcess.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "c360.dll"), "publish", "--to", "rabbitmq", "--amqp-url", fixture.Node.AmqpUrl,
                "--dialect", "customer-service", "--all", "--customer", "cust_cli"],
            new Dictionary<string, string?> { ["RABBITMQ_EXCHANGE"] = exchange });
        Assert.Contains("Published", output, StringComparison.Ordinal);

        await RabbitMqTestService.WaitForStatsAsync(service, events: 8, deadLetters: 0);
        var timeline = (await service.GetJsonAsync("/api/customers/cust_cli/timeline?limit=20", "org_001"))!.Value;
        Assert.Equal(8, timeline.GetProperty("items").GetArrayLength());
    }

    private static async Task<List<string>> StoredOriginsAsync(string dbPath)
    {
        await using var db = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT origin FROM events ORDER BY origin";
        var origins = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            origins.Add(reader.GetString(0));
        }

        return origins;
    }
}
