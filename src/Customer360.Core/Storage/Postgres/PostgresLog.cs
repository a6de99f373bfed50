using Microsoft.Extensions.Logging;

namespace Customer360.Core.Storage.Postgres;

internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "Batch of {Count} events collided with another writer (attempt {Attempt}): {Reason}; retrying")]
    public static partial void Retrying(ILogger logger, int attempt, int count, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Event {EventId} dead-lettered: {Reason}")]
    public static partial void Refused(ILogger logger, string? eventId, string reason);
}
