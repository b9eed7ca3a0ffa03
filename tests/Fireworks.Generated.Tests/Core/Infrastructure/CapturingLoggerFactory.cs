using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fireworks.Tests.Core.Infrastructure;

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State);

/// <summary>Collects every log entry (all levels) with its formatted message and structured state, and every scope state.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ConcurrentQueue<object?> _scopes = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<object?> Scopes => [.. _scopes];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries, _scopes);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries, ConcurrentQueue<object?> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            scopes.Enqueue(state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception) + (exception is null ? string.Empty : " " + exception), [.. values]));
        }
    }
}
