using System.Text.Json;
using Customer360.Core.Events;

namespace Customer360.Core.Dialects;

/// <summary>
/// One producer family's JSON format. Pure: the parsed message in, an event or a rejection out;
/// no I/O, no clock, no broker types, so the same bytes always give the same event (replay relies on it).
/// </summary>
public interface IEventDialect
{
    string Name { get; }

    /// <summary>Cheap shape check used for auto-detection.</summary>
    bool Recognizes(JsonElement root);

    DialectResult Parse(JsonElement root, RawMessage message);
}
