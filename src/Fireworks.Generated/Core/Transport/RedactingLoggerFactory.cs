using Microsoft.Extensions.Logging;

namespace Fireworks;

/// <summary>
/// Wraps the caller's <see cref="ILoggerFactory"/> so that every log event and scope of every SDK component
/// passes through the client's <see cref="SecretRedactor"/>: the formatted message, each structured value,
/// the exception and the scope state. The SDK's own events never carry the key; this holds even when a value
/// they quote (a path, a server message, a request id) came from somewhere that echoed it.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The caller owns the factory it configured; the client does not dispose it.</summary>
    public void Dispose()
    {
    }

    private sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(RedactedState.Of(state, formatted: null, redactor));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            inner.Log(logLevel, eventId, RedactedState.Of(state, message, redactor), redactor.SanitizeOrNull(exception), static (s, _) => s.ToString());
        }
    }

    /// <summary>A log state's structured values and formatted text, redacted; structured loggers still see the template.</summary>
    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string text) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private const string OriginalFormat = "{OriginalFormat}";

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        internal static RedactedState Of<TState>(TState state, string? formatted, SecretRedactor redactor)
        {
            var source = state as IEnumerable<KeyValuePair<string, object?>>;
            var values = new List<KeyValuePair<string, object?>>();
            if (source is not null)
            {
                foreach (var (key, value) in source)
                {
                    values.Add(new(key, key == OriginalFormat ? value : Redact(value, redactor)));
                }
            }

            return new RedactedState(values, redactor.Redact(formatted ?? Convert.ToString(state, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => text;

        // Numbers, enums and booleans cannot hold the key and keep their type; everything else is logged as redacted text.
        private static object? Redact(object? value, SecretRedactor redactor) => value switch
        {
            null or bool or int or long or double or float or decimal or short or byte or Enum or TimeSpan or DateTimeOffset or DateTime => value,
            string text => redactor.Redact(text),
            _ => redactor.Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
        };
    }
}
