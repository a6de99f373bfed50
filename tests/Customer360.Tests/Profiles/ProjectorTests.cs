using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Profiles;
using Customer360.Tests.Samples;

namespace Customer360.Tests.Profiles;

/// <summary>The pure projection rules of CONTRACT.md section 2, without a store.</summary>
public sealed class ProjectorTests
{
    private static readonly EventParser Parser = EventParser.CreateDefault();
    private readonly Projector _projector = new(new ProjectionOptions { SummarizeThreshold = 80 });

    private static CustomerEvent Parse(string json) => Parser.Parse(SampleFiles.Raw(json)).Event ?? throw new InvalidOperationException(Parser.Parse(SampleFiles.Raw(json)).Rejection);

    private (CustomerProfile Profile, ProjectionOutput Output) Apply(params string[] events)
    {
        var profile = new CustomerProfile { TenantId = "t", Id = "c" };
        var output = new ProjectionOutput();
        foreach (var e in events)
        {
            _projector.Apply(profile, Parse(e), output);
        }

        return (profile, output);
    }

    [Fact]
    public void Telecom_meters_add_up_and_the_newest_login_wins()
    {
        var (p, _) = Apply(
            """{"source":"in","customer_id":"c","event_type":"call_outgoing","timestamp":"2024-01-15T10:00:00Z","value":5}""",
            """{"source":"in","customer_id":"c","event_type":"call_outgoing","timestamp":"2024-01-15T09:00:00Z","value":2.5}""",
            """{"source":"app","customer_id":"c","event_type":"app_login","timestamp":"2024-01-16T10:00:00Z"}""",
            """{"source":"app","customer_id":"c","event_type":"app_login","timestamp":"2024-01-15T10:00:00Z"}""",
            """{"source":"in","customer_id":"c","event_type":"qoe_issue","timestamp":"2024-01-15T10:00:00Z","metadata":{"issue":"dropped call"}}""",
            """{"source":"in","customer_id":"c","event_type":"feature_usage","timestamp":"2024-01-15T10:00:00Z","value":3}""");
        Assert.Equal(7.5m, p.Usage.CallMinutes);
        Assert.Equal(new DateTimeOffset(2024, 1, 16, 10, 0, 0, TimeSpan.Zero), p.Usage.LastLoginAt);
        Assert.Equal(1, p.Usage.QoeIssues);
        Assert.Equal(0m, p.Usage.DataUsageMb);
        Assert.Equal(6, p.EventCount);
    }

    [Fact]
    public void A_bundle_purchase_is_a_purchase_and_kyc_applies_profile_fields_by_event_time()
    {
        var (p, o) = Apply(
            """{"source":"billing","customer_id":"c","event_type":"bundle_purchase","timestamp":"2024-01-15T10:00:00Z","value":15,"metadata":{"bundle_name":"10GB Monthly"}}""",
            """{"source":"crm","customer_id":"c","event_type":"kyc_update","timestamp":"2024-01-16T10:00:00Z","metadata":{"first_name":"Ana","last_name":"Diaz","email":"ANA@x.com","id_type":"passport"}}""",
            """{"source":"crm","customer_id":"c","event_type":"kyc_update","timestamp":"2024-01-14T10:00:00Z","metadata":{"name":"Old Name"}}""");
        var purchase = Assert.Single(o.Purchases);
        Assert.Equal("10GB Monthly", purchase.ProductName);
        Assert.Equal(15m, purchase.Total);
        Assert.Equal("Ana Diaz", p.Get(ProfileFields.Name));
        Assert.Equal("ana@x.com", p.Get(ProfileFields.Email));
        Assert.Equal("passport", p.CustomFields["id_type"]!.GetValue<string>());
    }

    [Fact]
    public void Crm_events_set_fields_consent_work_orders_entitlements_and_request_merges()
    {
        var (p, o) = Apply(
            SampleFiles.Read("crm-domain", "CustomerProfileCreatedEvent"),
            SampleFiles.Read("crm-domain", "ConsentUpdatedEvent"),
            """{"eventType":"ConsentUpdatedEvent","eventId":"old","timestamp":"2026-01-01T00:00:00Z","payload":{"customerId":"c","consentType":"EMAIL","status":"DENIED"}}""",
            """{"eventType":"ServiceOrderCreatedEvent","eventId":"so","timestamp":"2026-02-03T00:00:00Z","payload":{"customerId":"c","serviceOrderId":"SO-1","description":"Install fibre"}}""",
            """{"eventType":"ContractActivatedEvent","eventId":"ca","timestamp":"2026-02-04T00:00:00Z","payload":{"customerId":"c","contractId":"K-1","productName":"Gold Support"}}""",
            SampleFiles.Read("crm-domain", "CustomerMergedEvent"));
        Assert.Equal("Acme Corp", p.Get(ProfileFields.Name));
        Assert.Equal("CONT-10", p.Get(ProfileFields.PrimaryContactId));
        Assert.Equal("GRANTED", p.Consent["EMAIL"].Status);
        Assert.Equal("SO-1", Assert.Single(o.WorkOrders).Id);
        Assert.Equal("Gold Support", Assert.Single(o.Entitlements).Product);
        Assert.Equal("CUST-OLD", Assert.Single(o.Merges).SourceCustomerId);
    }

    [Fact]
    public void Credit_available_follows_the_newest_event_whatever_the_arrival_order()
    {
        var approved = SampleFiles.Read("customer-service", "credit.approved");
        var used = SampleFiles.Read("customer-service", "credit.used");
        var (inOrder, _) = Apply(approved, used);
        var (reversed, _) = Apply(used, approved);
        Assert.Equal(5000m, inOrder.Credit.Available);
        Assert.Equal(5000m, reversed.Credit.Available);
        Assert.Equal(10000m, reversed.Credit.Limit);
    }

    [Fact]
    public void Support_tickets_become_knowledge_only_when_important_and_long_text_gets_a_summary()
    {
        var description = "The customer reports that the headset disconnects every few minutes. " +
            "Pairing again fixes it for a while. The firmware is the latest version. The customer is frustrated and wants a replacement.";
        var (_, o) = Apply(
            $$$"""{"customer_id":"c","event_type":"support_ticket","timestamp":1734220800,"source_service":"s","data":{"title":"Disconnects","description":"{{{description}}}","important":true}}""",
            """{"customer_id":"c","event_type":"support_ticket","timestamp":1734220801,"source_service":"s","data":{"title":"Question","description":"Where is my invoice?"}}""",
            """{"customer_id":"c","event_type":"observation","timestamp":1734220802,"source_service":"s","data":{"content":"Prefers phone calls in the morning","category":"preference"}}""");
        Assert.Equal(2, o.Knowledge.Count);
        var ticket = o.Knowledge[0];
        Assert.StartsWith("Disconnects: The customer reports", ticket.Content, StringComparison.Ordinal);
        Assert.NotNull(ticket.Summary);
        Assert.True(ticket.Summary!.Length < ticket.Content.Length);
        Assert.Equal("preference", o.Knowledge[1].Category);
    }

    [Fact]
    public void Timeline_entry_carries_a_summary_only_past_the_threshold()
    {
        var profile = new CustomerProfile { TenantId = "t", Id = "c" };
        var shortEntry = _projector.Apply(profile, Parse("""{"customer_id":"c","event_type":"contact","timestamp":1734220800,"source_service":"s","data":{"message":"short"}}"""), new ProjectionOutput());
        Assert.Null(shortEntry.Summary);
        Assert.Equal("short", shortEntry.Description);
    }

    [Fact]
    public void A_purchase_names_the_customer_only_when_the_profile_has_no_name()
    {
        var (p, _) = Apply(
            """{"customer_id":"c","event_type":"profile_update","timestamp":1734000000,"source_service":"crm","data":{"name":"Johnny S.","tags":["vip"],"custom_fields":{"tier":"A"}}}""",
            SampleFiles.Read("customeriq", "purchase"));
        Assert.Equal("Johnny S.", p.Get(ProfileFields.Name));
        Assert.Equal("john.smith@example.com", p.Get(ProfileFields.Email));
        Assert.Contains("vip", p.Tags);
        Assert.Equal("A", p.CustomFields["tier"]!.GetValue<string>());
    }
}
