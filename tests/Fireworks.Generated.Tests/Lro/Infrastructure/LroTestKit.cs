using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fireworks.Tests.Lro.Infrastructure;

/// <summary>Clients, resource bodies and recorders for the wait tests.</summary>
internal static class LroTestKit
{
    public const string AccountId = "test-account";

    /// <summary>A fixed 1 s → ×2 schedule without jitter, so every delay is known exactly.</summary>
    public static readonly WaitOptions Exact = new() { InitialInterval = TimeSpan.FromSeconds(1), Multiplier = 2, MaxInterval = TimeSpan.FromSeconds(30), Jitter = 0 };

    /// <summary>
    /// A client on the scripted server and the clock: no client-level retries (each poll is one
    /// request, so the poller's own error handling is what is tested) and no per-call timeout.
    /// </summary>
    public static FireworksClient Client(ScriptedServer server, PollingClock clock, ILoggerFactory? loggerFactory = null, int maxRetries = 0) => new(new FireworksClientOptions
    {
        ApiKey = "fw_test_key",
        AccountId = AccountId,
        BaseUrl = new Uri("http://127.0.0.1:1/"),
        HttpMessageHandler = server,
        TimeProvider = clock,
        Timeout = Timeout.InfiniteTimeSpan,
        MaxRetries = maxRetries,
        LoggerFactory = loggerFactory,
    });

    public static string Job(string state, string? statusCode = null, string? statusMessage = null, string? progress = null, string name = "grpo-1")
    {
        var fields = new List<string> { $"\"name\": \"accounts/{AccountId}/rlorTrainerJobs/{name}\"" };
        if (state.Length > 0)
        {
            fields.Add($"\"state\": \"{state}\"");
        }

        if (statusCode is not null || statusMessage is not null)
        {
            fields.Add($"\"status\": {{ \"code\": \"{statusCode ?? "OK"}\", \"message\": \"{statusMessage}\" }}");
        }

        if (progress is not null)
        {
            fields.Add($"\"jobProgress\": {progress}");
        }

        return "{" + string.Join(", ", fields) + "}";
    }

    public static string Deployment(string state, string? statusCode = null, string? statusMessage = null, string id = "dep-1")
    {
        var status = statusCode is null ? string.Empty : $", \"status\": {{ \"code\": \"{statusCode}\", \"message\": \"{statusMessage}\" }}";
        return $"{{\"name\": \"accounts/{AccountId}/deployments/{id}\", \"baseModel\": \"accounts/fireworks/models/llama\", \"state\": \"{state}\"{status}}}";
    }

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);
}

/// <summary>An <see cref="IProgress{T}"/> that records reports synchronously, in order.</summary>
internal sealed class ProgressLog<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, string EventName, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>Collects every log entry with its event name and structured values.</summary>
internal sealed class LogCollector : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<LogEntry> Waits => [.. _entries.Where(static entry => entry.Category == "Fireworks.ResourceWaiter")];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = (state as IReadOnlyList<KeyValuePair<string, object?>> ?? []).ToDictionary(static pair => pair.Key, static pair => pair.Value);
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Name ?? string.Empty, formatter(state, exception), values));
        }
    }
}
