using System.Globalization;

namespace Customer360.Tests.Identity;

/// <summary>
/// A seeded, reproducible set of events across all four dialects for a handful of customers: usage, purchases
/// (some re-sent with new totals), work-order updates, notes, loyalty and credit snapshots, consent flips,
/// profile and email changes, email-only events, and merges that form chains (never cycles). Every event
/// has its own time, so "time order" is one well-defined order.
/// </summary>
public static class EventSetGenerator
{
    public static IReadOnlyList<(DateTimeOffset At, string Json)> Generate(int seed, int customers = 6, int eventsPerCustomer = 12)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var times = Enumerable.Range(0, customers * (eventsPerCustomer + 2)).Select(i => start.AddMinutes(i * 7)).OrderBy(_ => random.Next()).ToList();
        var events = new List<(DateTimeOffset, string)>();
        var next = 0;
        DateTimeOffset Time() => times[next++];

        for (var c = 0; c < customers; c++)
        {
            var id = $"P{seed}-{c}";
            var email = $"p{c}@example.org";
            for (var k = 0; k < eventsPerCustomer; k++)
            {
                var at = Time();
                events.Add((at, random.Next(14) switch
                {
                    0 => Telecom(id, "data_usage", random.Next(1, 900), at),
                    1 => Telecom(id, "recharge", random.Next(1, 50), at),
                    2 => Telecom(id, "app_login", null, at),
                    3 => $$$"""{"source":"crm","customer_id":"{{{id}}}","event_type":"kyc_update","timestamp":"{{{Iso(at)}}}","metadata":{"name":"Name {{{random.Next(100)}}}","email":"{{{(random.Next(2) == 0 ? email : $"alt{c}@example.org")}}}"}}""",
                    4 => Iq(id, "purchase", at, $$"""{"purchase_id":"ord-{{c}}-{{random.Next(3)}}","product_name":"Item","total":{{random.Next(1, 300)}},"customer_name":"Buyer {{c}}","email":"{{email}}"}"""),
                    5 => Iq(id, "repair", at, $$"""{"work_order_id":"WO-{{c}}","order_type":"repair","status":"{{(random.Next(2) == 0 ? "open" : "closed")}}","issue_description":"Fix {{random.Next(9)}}"}"""),
                    6 => Iq(id, "note", at, $$"""{"content":"Note {{random.Next(1000)}} about {{c}}","category":"pref"}"""),
                    7 => Iq(null, "contact", at, $$"""{"email":"{{email}}","title":"Email-only contact {{random.Next(100)}}"}"""),
                    8 => Cs(id, "loyalty.points.earned", at, $$"""{"points_earned":{{random.Next(1, 100)}},"points_balance":{{random.Next(1000)}},"tier":"silver"}"""),
                    9 => Cs(id, "credit.used", at, $$"""{"usage_id":"u-{{c}}-{{random.Next(2)}}","amount":{{random.Next(1, 500)}},"credit_available":{{random.Next(5000)}},"due_date":"2025-12-24"}"""),
                    10 => Cs(id, "credit.approved", at, $$"""{"credit_limit":{{random.Next(1, 10) * 1000}},"payment_term_days":30}"""),
                    11 => Crm("ConsentUpdatedEvent", at, $$"""{"customerId":"{{id}}","consentType":"{{(random.Next(2) == 0 ? "EMAIL" : "SMS")}}","status":"{{(random.Next(2) == 0 ? "GRANTED" : "DENIED")}}"}"""),
                    12 => Crm("CustomerProfileUpdatedEvent", at, $$"""{"customerId":"{{id}}","segment":"S{{random.Next(4)}}","status":"ACTIVE"}"""),
                    _ => Iq(id, "profile_update", at, $$"""{"company":"Co {{random.Next(5)}}","tags":["t{{random.Next(3)}}"]}"""),
                }));
            }
        }

        // Merges point from a higher index to a lower one: chains (2 -> 1 -> 0) but never a cycle.
        for (var c = customers - 1; c > 0; c--)
        {
            if (random.Next(3) == 0)
            {
                var at = Time();
                var target = random.Next(c);
                events.Add((at, Crm("CustomerMergedEvent", at, $$"""{"targetCustomerId":"P{{seed}}-{{target}}","sourceCustomerId":"P{{seed}}-{{c}}","mergeReason":"DUPLICATE"}""")));
            }
        }

        return events;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Telecom(string id, string type, int? value, DateTimeOffset at) =>
        $$"""{"source":"in","customer_id":"{{id}}","event_type":"{{type}}","timestamp":"{{Iso(at)}}","value":{{(value?.ToString(CultureInfo.InvariantCulture) ?? "null")}}}""";

    private static string Iq(string? id, string type, DateTimeOffset at, string data) =>
        $$"""{{{(id is null ? "" : $"\"customer_id\":\"{id}\",")}}"event_type":"{{type}}","timestamp":{{at.ToUnixTimeSeconds()}},"source_service":"gen","data":{{data}}}""";

    private static string Cs(string id, string type, DateTimeOffset at, string data) =>
        $$"""{"event":"{{type}}","timestamp":"{{Iso(at)}}","data":{"customer_id":"{{id}}",{{data[1..]}}}""";

    private static string Crm(string type, DateTimeOffset at, string payload) =>
        $$"""{"eventType":"{{type}}","eventId":"{{type}}-{{at.ToUnixTimeSeconds()}}","timestamp":"{{Iso(at)}}","payload":{{payload}}}""";
}
