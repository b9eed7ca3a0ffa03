using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fireworks.Models;
using Fireworks.Serialization;
using Xunit;

namespace Fireworks.Tests.Core.Infrastructure;

/// <summary>The secret-leak tests' own oracle, independent of the SDK's redactor.</summary>
internal static class LeakOracle
{
    /// <summary>Every text an exception hands out: message, ToString, properties, Data, for it and every inner exception.</summary>
    public static IEnumerable<string> Texts(Exception exception)
    {
        yield return exception.ToString();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current.Message;
            yield return current.ToString();
            yield return current.StackTrace ?? string.Empty;
            foreach (DictionaryEntry entry in current.Data)
            {
                yield return entry.Key + "=" + entry.Value;
            }

            if (current is FireworksException fireworks)
            {
                yield return fireworks.ServerMessage;
                yield return fireworks.RawBody;
                yield return fireworks.RequestId ?? string.Empty;
                foreach (var detail in fireworks.Details) yield return detail.GetRawText();
            }

            if (current is ResourceFailedException failed)
            {
                yield return failed.StatusMessage ?? string.Empty;
            }

            if (current is SnapshotLoadFailedException load)
            {
                yield return load.ServerMessage ?? string.Empty;
                yield return load.ReplicaId ?? string.Empty;
                yield return load.Status is null ? string.Empty : JsonSerializer.Serialize(load.Status, FireworksJsonContext.Default.HotLoadStatus);
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Texts)) yield return inner;
            }
        }
    }

    /// <summary>Every text the captured log events hand out: messages, structured values and scopes.</summary>
    public static IEnumerable<string> Texts(CapturingLoggerFactory logs) =>
        logs.Entries.SelectMany(e => e.State.Select(kv => kv.Key + "=" + kv.Value).Append(e.Message))
            .Concat(logs.Scopes.Select(s => s is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => p.Key + "=" + p.Value)) + s : s?.ToString() ?? string.Empty));

    /// <summary>No 16-character window of <paramref name="key"/> (all of it when shorter), in any case, in a text or its JSON-/percent-decoded form.</summary>
    public static void AssertClean(string key, IEnumerable<string> texts)
    {
        var length = Math.Min(16, key.Length);
        var windows = Enumerable.Range(0, key.Length - length + 1).Select(i => key.Substring(i, length)).ToArray();
        foreach (var text in texts)
        {
            var jsonDecoded = Regex.Replace(text, @"\\u([0-9a-fA-F]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
            foreach (var variant in new[] { text, jsonDecoded, Uri.UnescapeDataString(text), Uri.UnescapeDataString(jsonDecoded) })
            {
                var leaked = windows.FirstOrDefault(w => variant.Contains(w, StringComparison.OrdinalIgnoreCase));
                Assert.True(leaked is null, $"the key leaked ('{leaked}') in: {text}");
            }
        }
    }
}
