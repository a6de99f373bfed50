namespace Customer360.Cli;

/// <summary>
/// What a command that failed prints: the error and its causes, one line each, on stderr; the stack trace only when
/// C360_DEBUG is set. A user who points `--db` at the wrong file needs the SQLite message, not thirty frames.
/// </summary>
public static class CliErrors
{
    public const string DebugVariable = "C360_DEBUG";

    public static int Report(Exception ex, TextWriter error)
    {
        if (Environment.GetEnvironmentVariable(DebugVariable) is { Length: > 0 })
        {
            error.WriteLine(ex.ToString());
            return 1;
        }

        ex = Unwrap(ex);
        error.WriteLine($"error: {Describe(ex)}");
        for (var cause = ex.InnerException; cause is not null; cause = Unwrap(cause).InnerException)
        {
            error.WriteLine($"  because: {Describe(Unwrap(cause))}");
        }

        error.WriteLine($"(set {DebugVariable}=1 for the stack trace)");
        return 1;
    }

    /// <summary>A task's single failure, not the AggregateException around it.</summary>
    private static Exception Unwrap(Exception ex) => ex is AggregateException { InnerExceptions.Count: 1 } one ? Unwrap(one.InnerExceptions[0]) : ex;

    private static string Describe(Exception ex) => $"{ex.Message} [{ex.GetType().Name}]";
}
