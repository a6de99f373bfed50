using Customer360.Core.Summaries;

namespace Customer360.Tests.Profiles;

public sealed class SummarizerTests
{
    [Fact]
    public void Text_under_the_threshold_has_no_summary() => Assert.Null(Summarizer.Summarize("short text", 500));

    [Fact]
    public void Keeps_the_sentences_about_the_recurring_subject_in_their_order()
    {
        var text = string.Join(" ",
            "The Bluetooth module in the headphones fails to pair with the phone.",
            "Weather was nice that day.",
            "After a reset the Bluetooth module pairs, then the pairing drops again.",
            "The customer bought the headphones in December.",
            "Lunch was served at noon.",
            "A technician should replace the Bluetooth module.");
        var summary = Summarizer.Summarize(text, 100)!;
        Assert.Contains("Bluetooth module", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Lunch", summary, StringComparison.Ordinal);
        Assert.True(summary.Length < text.Length);
        Assert.Equal(summary, Summarizer.Summarize(text, 100)); // deterministic: replay gives the same
    }

    [Fact]
    public void One_long_sentence_is_cut_at_a_word_boundary()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 300));
        var summary = Summarizer.Summarize(text, 500)!;
        Assert.EndsWith("…", summary, StringComparison.Ordinal);
        Assert.True(summary.Length <= 251);
    }
}
