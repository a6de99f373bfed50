using System.Text;
using System.Text.RegularExpressions;

namespace Customer360.Core.Summaries;

/// <summary>
/// Extractive summary for long descriptions: keeps the few sentences whose words recur most in the text,
/// in their original order. Deterministic (replay gives the same summary) and cheap (no model).
/// </summary>
public static partial class Summarizer
{
    private const int MaxSentences = 3;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "or", "but", "if", "then", "of", "to", "in", "on", "at", "for", "with", "by", "from",
        "is", "are", "was", "were", "be", "been", "it", "this", "that", "these", "those", "as", "not", "no", "has",
        "have", "had", "do", "does", "did", "so", "we", "he", "she", "they", "i", "you", "his", "her", "their", "our",
        "its", "my", "your", "will", "would", "can", "could", "should", "there", "here", "also", "very", "into",
    };

    /// <summary>The summary of `text`, or null when it is not longer than `threshold` characters.</summary>
    public static string? Summarize(string? text, int threshold) =>
        text is null || text.Length <= threshold ? null : SummarizeLong(text, threshold);

    // Apart from Summarize: its lambdas' closure is allocated on entry, and most events have no long description.
    private static string SummarizeLong(string text, int threshold)
    {
        var sentences = SentenceSplit().Split(text.Trim()).Where(s => s.Length > 0).ToArray();
        var budget = Math.Max(120, threshold / 2);
        if (sentences.Length <= 1)
        {
            return Truncate(text, budget);
        }

        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = sentences.Select(Words).ToArray();
        foreach (var w in words.SelectMany(x => x))
        {
            frequency[w] = frequency.GetValueOrDefault(w) + 1;
        }

        var ranked = Enumerable.Range(0, sentences.Length)
            .Select(i => (Index: i, Score: Score(words[i], frequency, i)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Index);

        var chosen = new List<int>();
        var length = 0;
        foreach (var (index, _) in ranked)
        {
            if (chosen.Count > 0 && (chosen.Count >= MaxSentences || length + sentences[index].Length > budget))
            {
                continue;
            }

            chosen.Add(index);
            length += sentences[index].Length + 1;
        }

        chosen.Sort();
        var summary = string.Join(" ", chosen.Select(i => sentences[i].Trim()));
        return summary.Length > budget * 2 ? Truncate(summary, budget) : summary;
    }

    private static double Score(string[] words, Dictionary<string, int> frequency, int index)
    {
        if (words.Length == 0)
        {
            return 0;
        }

        var sum = words.Sum(w => frequency[w]);
        var positionBonus = index == 0 ? 1.25 : 1.0;
        return sum / Math.Sqrt(words.Length) * positionBonus;
    }

    private static string[] Words(string sentence) => WordPattern().Matches(sentence.ToLowerInvariant())
        .Select(m => m.Value)
        .Where(w => w.Length > 2 && !StopWords.Contains(w))
        .ToArray();

    private static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max);
        var sb = new StringBuilder(text, 0, cut > max / 2 ? cut : max, max + 1);
        return sb.Append('…').ToString();
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceSplit();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
