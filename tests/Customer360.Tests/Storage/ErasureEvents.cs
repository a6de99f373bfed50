namespace Customer360.Tests.Storage;

/// <summary>Events for the erase tests (store contract and API).</summary>
public static class ErasureEvents
{
    /// <summary>One customer's history touching every projected table: profile, usage, purchases, work orders, knowledge, credit, consent, entitlements.</summary>
    public static string[] Story(string id, string name, string email, string phone, string tenant = "default") =>
    [
        Crm("CustomerProfileCreatedEvent", $"{id}-created", "2025-01-01T09:00:00Z", $$$"""{"customerId":"{{{id}}}","name":"{{{name}}}","email":"{{{email}}}","phone":"{{{phone}}}","segment":"GOLD"}""", tenant),
        Crm("ConsentUpdatedEvent", $"{id}-consent", "2025-01-02T09:00:00Z", $$$"""{"customerId":"{{{id}}}","consentType":"EMAIL","status":"GRANTED"}""", tenant),
        Crm("ContractActivatedEvent", $"{id}-contract", "2025-01-03T09:00:00Z", $$$"""{"customerId":"{{{id}}}","contractId":"K-{{{id}}}","product":"Fibre for {{{name}}}"}""", tenant),
        $$$"""{"source":"in","customer_id":"{{{id}}}","event_type":"recharge","timestamp":"2025-01-04T09:00:00Z","value":12,"tenantId":"{{{tenant}}}"}""",
        $$$"""{"customer_id":"{{{id}}}","event_type":"purchase","timestamp":1736000000,"source_service":"shop","organization_id":"{{{tenant}}}","data":{"purchase_id":"P-{{{id}}}","product_name":"Router","total":99,"email":"{{{email}}}","customer_name":"{{{name}}}"}}""",
        $$$"""{"customer_id":"{{{id}}}","event_type":"support_ticket","timestamp":1736000100,"source_service":"desk","organization_id":"{{{tenant}}}","data":{"title":"Router for {{{name}}}","description":"{{{name}}} says the router reboots; call {{{phone}}} or write {{{email}}}","important":true}}""",
        $$$"""{"customer_id":"{{{id}}}","event_type":"repair","timestamp":1736000200,"source_service":"repair","organization_id":"{{{tenant}}}","data":{"work_order_id":"WO-{{{id}}}","order_type":"repair","status":"open","issue_description":"Visit {{{name}}} at home"}}""",
        $$$"""{"event":"credit.approved","timestamp":"2025-01-05T09:00:00Z","organization_id":"{{{tenant}}}","data":{"customer_id":"{{{id}}}","credit_limit":5000,"payment_term_days":30}}""",
        $$$"""{"event":"credit.used","timestamp":"2025-01-06T09:00:00Z","organization_id":"{{{tenant}}}","data":{"customer_id":"{{{id}}}","usage_id":"U-{{{id}}}","amount":400,"credit_available":4600,"due_date":"2025-02-06"}}""",
        $$$"""{"event":"credit.limit.exceeded","timestamp":"2025-01-07T09:00:00Z","organization_id":"{{{tenant}}}","data":{"customer_id":"{{{id}}}","attempted_amount":9000,"credit_available":4600}}""",
        $$$"""{"event":"loyalty.points.earned","timestamp":"2025-01-08T09:00:00Z","organization_id":"{{{tenant}}}","data":{"customer_id":"{{{id}}}","points_earned":10,"points_balance":10}}""",
    ];

    private static string Crm(string type, string id, string at, string payload, string tenant) =>
        $$$"""{"eventType":"{{{type}}}","eventId":"{{{id}}}","timestamp":"{{{at}}}","tenantId":"{{{tenant}}}","payload":{{{payload}}}}""";
}
