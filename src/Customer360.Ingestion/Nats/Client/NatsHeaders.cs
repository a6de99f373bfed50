using System.Text;

namespace Customer360.Ingestion.Nats.Client;

/// <summary>
/// NATS message headers (`NATS/1.0` block of HPUB/HMSG): an optional status line (503 no responders,
/// 404/408 from JetStream pulls) and multi-valued keys, looked up case-insensitively, kept in order.
/// </summary>
public sealed class NatsHeaders
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    public int? StatusCode { get; init; }

    public string? StatusDescription { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    public NatsHeaders Add(string key, string value)
    {
        if (key.Length == 0 || key.AsSpan().IndexOfAny(":\r\n ") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"invalid NATS header '{key}'");
        }

        _entries.Add(new(key, value));
        return this;
    }

    public IReadOnlyList<string> GetAll(string key) =>
        _entries.Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Select(e => e.Value).ToList();

    public string? Get(string key) => _entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The wire form: `NATS/1.0\r\nKey: Value\r\n...\r\n`.</summary>
    public byte[] ToBytes()
    {
        var sb = new StringBuilder("NATS/1.0");
        if (StatusCode is { } code)
        {
            sb.Append(' ').Append(code);
            if (StatusDescription is { Length: > 0 } d)
            {
                sb.Append(' ').Append(d);
            }
        }

        sb.Append("\r\n");
        foreach (var (k, v) in _entries)
        {
            sb.Append(k).Append(": ").Append(v).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.Append("\r\n").ToString());
    }

    /// <summary>Parses a header block; throws <see cref="NatsProtocolException"/> when it is not `NATS/1.0`.</summary>
    public static NatsHeaders Parse(ReadOnlySpan<byte> block)
    {
        var text = Encoding.UTF8.GetString(block);
        var lines = text.Split("\r\n");
        if (lines.Length == 0 || !lines[0].StartsWith("NATS/1.0", StringComparison.Ordinal))
        {
            throw new NatsProtocolException($"bad header block: {Truncate(text)}");
        }

        var status = lines[0]["NATS/1.0".Length..].Trim();
        int? code = null;
        string? description = null;
        if (status.Length > 0)
        {
            var space = status.IndexOf(' ', StringComparison.Ordinal);
            var codeText = space < 0 ? status : status[..space];
            if (!int.TryParse(codeText, out var c))
            {
                throw new NatsProtocolException($"bad header status line: {Truncate(lines[0])}");
            }

            code = c;
            description = space < 0 ? null : status[(space + 1)..].Trim();
        }

        var headers = new NatsHeaders { StatusCode = code, StatusDescription = description };
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new NatsProtocolException($"bad header line: {Truncate(line)}");
            }

            headers._entries.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return headers;
    }

    private static string Truncate(string s) => s.Length > 80 ? s[..80] + "..." : s;
}
