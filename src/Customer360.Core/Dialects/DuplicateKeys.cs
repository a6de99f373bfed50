using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Customer360.Core.Dialects;

/// <summary>
/// Finds a property name repeated within one JSON object. RFC 8259 leaves duplicates to the reader, so two
/// systems can read `{"tenantId":"a","tenantId":"b"}` differently; an event whose meaning depends on which
/// copy wins is refused rather than guessed.
/// </summary>
public static class DuplicateKeys
{
    // Up to this many properties the raw names are compared pairwise, without decoding a string per name.
    private const int PairwiseLimit = 16;

    public static string? Find(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return element.GetPropertyCount() <= PairwiseLimit ? FindSmall(element) : FindByName(element);
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

    /// <summary>Every event object on the hot path: raw UTF-8 names side by side; an escaped name (rare) decodes them all.</summary>
    private static string? FindSmall(JsonElement element)
    {
        var seen = ArrayPool<JsonProperty>.Shared.Rent(PairwiseLimit);
        try
        {
            var count = 0;
            foreach (var property in element.EnumerateObject())
            {
                var name = JsonMarshal.GetRawUtf8PropertyName(property);
                if (name.IndexOf((byte)'\\') >= 0)
                {
                    return FindByName(element); // "a" and "\u0061" are one name: only decoding tells
                }

                for (var i = 0; i < count; i++)
                {
                    if (name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(seen[i])))
                    {
                        return property.Name;
                    }
                }

                seen[count++] = property;
                if (Find(property.Value) is { } nested)
                {
                    return nested;
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<JsonProperty>.Shared.Return(seen, clearArray: true);
        }
    }

    private static string? FindByName(JsonElement element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
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
    }
}
