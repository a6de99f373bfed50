using System.Text.Json;

namespace Customer360.Core.Dialects;

/// <summary>
/// Finds a property name repeated within one JSON object. RFC 8259 leaves duplicates to the reader, so two
/// systems can read `{"tenantId":"a","tenantId":"b"}` differently; an event whose meaning depends on which
/// copy wins is refused rather than guessed.
/// </summary>
public static class DuplicateKeys
{
    public static string? Find(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = null;
                foreach (var property in element.EnumerateObject())
                {
                    seen ??= new HashSet<string>(StringComparer.Ordinal);
                    if (!seen.Add(property.Name))
                    {
                        return property.Name;
                    }

                    if (Find(property.Value) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
