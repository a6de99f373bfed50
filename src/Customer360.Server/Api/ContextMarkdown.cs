using System.Globalization;
using System.Text;
using Customer360.Core.Profiles;
using Customer360.Core.Storage;

namespace Customer360.Server.Api;

/// <summary>
/// Who this customer is, as markdown an AI assistant or a support agent can read in one go: facts first,
/// then what matters (notes, open work, credit alerts), then recent history. Long texts use their summaries.
/// </summary>
public static class ContextMarkdown
{
    public static string Render(CustomerProfileView view, IReadOnlyList<TimelineEntry> recent, IReadOnlyList<Purchase> purchases,
        IReadOnlyList<WorkOrder> workOrders, IReadOnlyList<KnowledgeEntry> knowledge)
    {
        var p = view.Profile;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"# Customer {Clean(p.Get(ProfileFields.Name) ?? p.Id)}\n\n");
        Fact(sb, "Customer id", p.Id);
        Fact(sb, "Tenant", p.TenantId);
        foreach (var field in ProfileFields.All.Where(f => f != ProfileFields.Name))
        {
            Fact(sb, field, p.Get(field));
        }

        Fact(sb, "Customer since", Date(p.CustomerSince));
        Fact(sb, "Last seen", Date(p.LastSeenAt));
        Fact(sb, "Lifetime value", p.LifetimeValue.ToString("0.##", inv));
        if (view.Aliases.Count > 0)
        {
            Fact(sb, "Also known as (merged)", string.Join(", ", view.Aliases));
        }

        if (p.Tags.Count > 0)
        {
            Fact(sb, "Tags", string.Join(", ", p.Tags));
        }

        if (!p.Loyalty.IsEmpty)
        {
            Fact(sb, "Loyalty", $"tier {p.Loyalty.Tier ?? "?"}, balance {p.Loyalty.PointsBalance?.ToString(inv) ?? "?"} points");
        }

        if (!p.Credit.IsEmpty)
        {
            Fact(sb, "Credit", $"limit {Money(p.Credit.Limit)}, available {Money(p.Credit.Available)}, terms {p.Credit.PaymentTermDays?.ToString(inv) ?? "?"} days");
        }

        foreach (var (type, consent) in p.Consent)
        {
            Fact(sb, $"Consent {type}", $"{consent.Status} (since {Date(consent.UpdatedAt)})");
        }

        if (!p.Usage.IsEmpty)
        {
            var u = p.Usage;
            Fact(sb, "Usage", $"{u.DataUsageMb.ToString("0.##", inv)} MB data, {u.CallMinutes.ToString("0.##", inv)} call minutes, " +
                $"{u.RechargeCount} recharges totalling {u.RechargeTotal.ToString("0.##", inv)}, {u.QoeIssues} quality issues");
        }

        Section(sb, "Important to know", knowledge.Take(10).Select(k => $"{Date(k.CreatedAt)} [{k.Category ?? "note"}] {Clean(k.Summary ?? k.Content)}"));
        Section(sb, "Credit alerts", view.CreditAlerts.Select(a =>
            $"{Date(a.At)} {a.Kind}: attempted {Money(a.AttemptedAmount)}, available {Money(a.Available)}, short {Money(a.Shortfall)}"));
        Section(sb, "Work orders", workOrders.Take(10).Select(w =>
            $"{Date(w.CreatedAt)} {w.Id} ({w.OrderType}, {w.Status}, priority {w.Priority ?? "-"}): {Clean(w.Summary ?? w.Description ?? "")}"));
        Section(sb, "Purchases", purchases.Take(10).Select(x =>
            $"{Date(x.PurchasedAt)} {Clean(x.ProductName ?? x.Id)} x{x.Quantity?.ToString("0.##", inv) ?? "1"}, total {Money(x.Total)}" +
            (x.WarrantyExpires is { } w ? $", warranty until {Date(w)}" : "")));
        Section(sb, "Recent activity", recent.Select(t => $"{Date(t.OccurredAt)} {t.Type} via {t.Source}: {Clean(t.Title ?? "")}" +
            ((t.Summary ?? t.Description) is { } d ? $" — {Clean(d)}" : "")));
        return sb.ToString();
    }

    private static void Fact(StringBuilder sb, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            sb.Append("- **").Append(label).Append("**: ").Append(Clean(value)).Append('\n');
        }
    }

    private static void Section(StringBuilder sb, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        sb.Append("\n## ").Append(title).Append("\n\n");
        foreach (var line in list)
        {
            sb.Append("- ").Append(line).Append('\n');
        }
    }

    private static string Date(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "?";

    private static string Money(decimal? d) => d?.ToString("0.##", CultureInfo.InvariantCulture) ?? "?";

    // Producer text goes into a document other tools read: keep it on one line.
    private static string Clean(string s) => s.ReplaceLineEndings(" ").Trim();
}
