using System.Text.Json;
using Customer360.Core.Dialects;
using Customer360.Core.Events;
using Customer360.Core.Summaries;

namespace Customer360.Core.Profiles.Rules;

/// <summary>Seed 004: purchases, support tickets that become memory, work orders, notes, profile updates.</summary>
public sealed class CustomerIqRules : IProjectionRules
{
    public string Dialect => DialectNames.CustomerIq;

    public void Apply(CustomerProfile profile, CustomerEvent e, ProjectionOutput output, ProjectionOptions options)
    {
        var d = e.Data;
        var at = e.OccurredAt;
        switch (e.Type)
        {
            case "purchase":
                profile.SetFallback(ProfileFields.Name, d.Str("customer_name"), at);
                profile.SetFallback(ProfileFields.Email, e.Email, at);
                var quantity = d.Dec("quantity");
                var price = d.Dec("price");
                output.Purchases.Add(new Purchase(
                    d.FirstStr("purchase_id", "order_id") ?? e.EventId,
                    d.FirstStr("product_name", "product") ?? "Purchase",
                    d.FirstStr("product_sku", "sku"),
                    quantity, price, d.Dec("total") ?? price * (quantity ?? 1), d.Str("currency"), at,
                    d.Prop("warranty_expires") is { } w && Timestamps.TryParse(w, out var warranty) ? warranty : null,
                    e.EventId, d));
                break;
            case "support_ticket":
                if (d.Bool("important") || d.Bool("save_as_memory"))
                {
                    AddKnowledge(e, output, options, d.Str("category") ?? "support", d.Str("priority") ?? "high");
                }

                break;
            case "repair":
            case "work_order":
                var description = d.FirstStr("issue_description", "description");
                output.WorkOrders.Add(new WorkOrder(
                    d.FirstStr("work_order_id", "id") ?? e.EventId,
                    d.Str("order_type") ?? e.Type,
                    description, Summarizer.Summarize(description, options.SummarizeThreshold),
                    d.Str("status") ?? "open", d.Str("priority"), d.Str("assigned_to"), d.Str("product_id"),
                    d.Dec("cost"), at, e.EventId, d));
                break;
            case "profile_update":
                ProfileFieldWriter.Apply(profile, d, at);
                break;
            case "note":
            case "observation":
                AddKnowledge(e, output, options, d.Str("category") ?? e.Type, d.Str("importance") ?? d.Str("priority"));
                break;
            default:
                profile.SetFallback(ProfileFields.Email, e.Email, at);
                break;
        }
    }

    private static void AddKnowledge(CustomerEvent e, ProjectionOutput output, ProjectionOptions options, string? category, string? importance)
    {
        var content = Content(e);
        output.Knowledge.Add(new KnowledgeEntry(
            e.EventId, content, Summarizer.Summarize(content, options.SummarizeThreshold),
            category, importance, e.Source, e.OccurredAt, e.EventId));
    }

    private static string Content(CustomerEvent e)
    {
        var body = e.Data.FirstStr("content", "note", "description", "text", "message");
        var title = e.Data.Str("title");
        return (title, body) switch
        {
            (not null, not null) => $"{title}: {body}",
            (null, not null) => body,
            (not null, null) => title,
            _ => e.Title ?? e.Type,
        };
    }
}
