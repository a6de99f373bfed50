using System.Text.Json;
using System.Text.Unicode;
using Customer360.Core.Events;

namespace Customer360.Core.Dialects;

/// <summary>
/// Turns raw bytes into a canonical event: checks size, UTF-8 and JSON once, then hands the document to the
/// pinned dialect or the first that recognises it. Every failure is a rejection with a reason a producer
/// can act on; nothing throws for bad input.
/// </summary>
public sealed class EventParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };
    private readonly IEventDialect[] _dialects;
    private readonly int _maxEventBytes;

    public EventParser(IEnumerable<IEventDialect> dialects, int maxEventBytes = 1024 * 1024)
    {
        _dialects = dialects.ToArray();
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>The four seed dialects, detected in an order where no shape shadows another.</summary>
    public static EventParser CreateDefault(int maxEventBytes = 1024 * 1024) => new(
        [new CrmDomainDialect(), new CustomerServiceDialect(), new CustomerIqDialect(), new TelecomDialect()],
        maxEventBytes);

    public IEnumerable<string> DialectNames => _dialects.Select(d => d.Name);

    public bool IsKnownDialect(string name) => Pinned(name) is not null;

    // A loop, not FirstOrDefault with a lambda: the lambda's captured name made Parse allocate a closure for every
    // message, pinned or not (C# allocates it where the captured variable's scope starts).
    private IEventDialect? Pinned(string name)
    {
        foreach (var d in _dialects)
        {
            if (d.Name == name)
            {
                return d;
            }
        }

        return null;
    }

    public DialectResult Parse(RawMessage message)
    {
        var body = message.Body.Span;
        if (body.Length == 0)
        {
            return DialectResult.Reject("empty message");
        }

        if (body.Length > _maxEventBytes)
        {
            return DialectResult.Reject($"event too large: {body.Length} bytes (limit {_maxEventBytes})");
        }

        if (!Utf8.IsValid(body))
        {
            return DialectResult.Reject($"not valid UTF-8 (first bad byte at offset {FirstInvalidUtf8(body)})");
        }

        JsonElement root;
        try
        {
            // The document reads the body in place instead of copying it (a quarter of what a parsed event holds while
            // it waits for its commit): bodies are arrays no one writes to once a message is made. Never disposed: its
            // pooled row array then simply stays with the garbage collector.
            root = JsonDocument.Parse(message.Body, DocumentOptions).RootElement;
        }
        catch (JsonException)
        {
            return DialectResult.Reject(DescribeMalformed(body));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return DialectResult.Reject($"expected a JSON object, got {root.ValueKind}");
        }

        if (body.IndexOf("\\u"u8) >= 0 && !IsEncodable(body))
        {
            return DialectResult.Reject("invalid \\u escape: a lone UTF-16 surrogate (e.g. \\ud800) cannot be stored or re-sent");
        }

        if (DuplicateKeys.Find(root) is { } duplicate)
        {
            return DialectResult.Reject($"duplicate key '{duplicate}' in one object: which value is meant is ambiguous");
        }

        IEventDialect? dialect;
        if (message.Dialect is { } pinned)
        {
            dialect = Pinned(pinned);
            if (dialect is null)
            {
                return DialectResult.Reject($"unknown dialect '{pinned}' (known: {string.Join(", ", DialectNames)})");
            }
        }
        else
        {
            dialect = Detect(root);
            if (dialect is null)
            {
                return DialectResult.Reject(
                    "no dialect recognises this event: expected telecom {source, customer_id, event_type, timestamp}, " +
                    "crm-domain {eventType, payload}, customer-service {event, data} or customeriq {event_type, source_service}");
            }
        }

        var result = dialect.Parse(root, message);
        if (result.Event is { } e && message.RequiredTenant is { } required && e.TenantId != required)
        {
            return DialectResult.Reject($"the event names tenant '{e.TenantId}' but was sent with a key for tenant '{required}'");
        }

        return result;
    }

    private IEventDialect? Detect(JsonElement root)
    {
        foreach (var d in _dialects)
        {
            if (d.Recognizes(root))
            {
                return d;
            }
        }

        return null;
    }

    /// <summary>Why a body is not one JSON value, in the reader's words with its position (bad input only: read again).</summary>
    private static string DescribeMalformed(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, ReaderOptions);
            while (reader.Read())
            {
            }

            return "malformed JSON"; // the document and the reader refuse the same input: not reached
        }
        catch (JsonException ex)
        {
            return $"malformed JSON: {ex.Message}";
        }
    }

    // Valid JSON may still escape half a surrogate pair; such a string cannot be written back out as UTF-8,
    // so it would fail the store later, in the middle of a batch. Refuse it here, alone. Only a \u escape can
    // hold one (the bytes are valid UTF-8): bodies without one (nearly all) skip this second walk.
    private static bool IsEncodable(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        while (offset < body.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
