using System.Text.Json;
using System.Text.Json.Nodes;
using Customer360.Core.Dialects;

namespace Customer360.Core.Profiles.Rules;

/// <summary>
/// Applies a producer's object of profile attributes (kyc metadata, crm payload, `changes`, profile_update
/// data) field by field, newest event wins; unknown scalars land in customFields rather than being lost.
/// </summary>
internal static class ProfileFieldWriter
{
    private static readonly HashSet<string> NotAttributes = new(StringComparer.Ordinal)
    {
        "customer_id", "customerId", "aggregateId", "changedFields", "updatedBy", "updated_by", "changes",
        "tags", "custom_fields", "customFields", "first_name", "last_name", "firstName", "lastName",
    };

    public static void Apply(CustomerProfile profile, JsonElement attributes, DateTimeOffset at, bool keepUnknown = true)
    {
        if (attributes.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in attributes.EnumerateObject())
        {
            if (NotAttributes.Contains(property.Name) || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var field = ProfileFields.FromProducerName(property.Name);
            if (field is not null)
            {
                var value = attributes.Str(property.Name);
                profile.Set(field, field == ProfileFields.Email ? Envelope.NormalizeEmail(value) ?? value : value, at);
            }
            else if (keepUnknown && property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                SetCustom(profile, property.Name, property.Value, at);
            }
        }

        var first = attributes.FirstStr("first_name", "firstName");
        var last = attributes.FirstStr("last_name", "lastName");
        if (first is not null || last is not null)
        {
            profile.Set(ProfileFields.Name, $"{first} {last}".Trim(), at);
        }

        if (attributes.Prop("tags") is { ValueKind: JsonValueKind.Array } tags)
        {
            foreach (var tag in tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String))
            {
                profile.Tags.Add(tag.GetString()!);
            }
        }

        var custom = attributes.Prop("custom_fields") ?? attributes.Prop("customFields");
        if (custom is { ValueKind: JsonValueKind.Object } customObject)
        {
            foreach (var property in customObject.EnumerateObject())
            {
                SetCustom(profile, property.Name, property.Value, at);
            }
        }
    }

    private static void SetCustom(CustomerProfile profile, string key, JsonElement value, DateTimeOffset at)
    {
        if (profile.Claim("custom." + key, at))
        {
            profile.CustomFields[key] = JsonNode.Parse(value.GetRawText());
        }
    }
}
