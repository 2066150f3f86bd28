using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Harness;

/// <summary>Writes log lines of a host to xunit's test output (dropped once the test has finished).</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output, string prefix, TimeProvider timeProvider) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new OutputLogger(output, prefix, ShortName(categoryName), timeProvider);

    public void Dispose()
    {
    }

    private static string ShortName(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot < 0 ? category : category[(dot + 1)..];
    }

    private sealed class OutputLogger(ITestOutputHelper output, string prefix, string category, TimeProvider timeProvider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{timeProvider.GetUtcNow():HH:mm:ss.fff} [{prefix}] {logLevel.ToString()[..4]} {category}: {formatter(state, exception)}";
            if (exception is not null)
            {
                line += $" ({exception.GetType().Name}: {exception.Message})";
            }

            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output is closed.
            }
        }
    }
}
