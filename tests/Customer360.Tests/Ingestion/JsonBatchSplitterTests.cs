using System.Text;
using Customer360.Ingestion.Http;

namespace Customer360.Tests.Ingestion;

public sealed class JsonBatchSplitterTests
{
    private static List<string> Split(string body, bool ndjson = false) =>
        JsonBatchSplitter.Split(Encoding.UTF8.GetBytes(body), ndjson).Select(m => Encoding.UTF8.GetString(m.Span)).ToList();

    [Fact]
    public void Splits_an_array_at_top_level_commas_only() =>
        Assert.Equal(["{\"a\":[1,2],\"b\":\"x,]}\"}", "{\"c\":{\"d\":\"\\\"}\"}}", "[3]"], Split(" [ {\"a\":[1,2],\"b\":\"x,]}\"} , {\"c\":{\"d\":\"\\\"}\"}},[3] ] "));

    [Fact]
    public void A_single_object_is_one_event() => Assert.Equal(["{\"a\":1}"], Split("{\"a\":1}"));

    [Fact]
    public void Ndjson_is_split_by_line_and_blank_lines_are_skipped() =>
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], Split("{\"a\":1}\r\n\n{\"b\":2}\n"));

    [Fact]
    public void Concatenated_lines_of_objects_are_recognised_as_ndjson_without_the_content_type() =>
        Assert.Equal(2, Split("{\"a\":1}\n{\"b\":2}").Count);

    [Fact]
    public void An_unterminated_array_is_kept_whole_for_the_parser_to_reject() =>
        Assert.Single(Split("[{\"a\":1}, {\"b\":"));

    [Fact]
    public void An_empty_array_is_no_events() => Assert.Empty(Split("[]"));
}
