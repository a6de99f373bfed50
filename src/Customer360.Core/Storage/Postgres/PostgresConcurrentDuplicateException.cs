namespace Customer360.Core.Storage.Postgres;

/// <summary>Another instance logged an event of this batch after the batch checked the log: retry the whole batch.</summary>
public sealed class PostgresConcurrentDuplicateException(string message) : Exception(message);
