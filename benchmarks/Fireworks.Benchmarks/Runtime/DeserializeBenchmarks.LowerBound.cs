using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Serialization;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>The least work any deserializer that returns string properties must do on the same payloads.</summary>
public partial class DeserializeBenchmarks
{
    /// <summary>
    /// Tokenizes the whole document and materializes every string value as a .NET string, and nothing else (no
    /// objects, lists, numbers, enums or timestamps). Strings are made the fastest way we know, the SDK's own
    /// (<see cref="JsonWire.ReadString"/>: plain ASCII widened in one pass, anything else by the reader), so that no
    /// DTO can be read faster or with fewer allocations than this; it shows how much of each contender's cost is
    /// inherent to the payload.
    /// </summary>
    /// <returns>The number of strings read.</returns>
    [Benchmark(Description = "Reader + strings only (lower bound)")]
    [BenchmarkCategory(Contenders.Floor)]
    public int ReaderAndStringsOnly()
    {
        var reader = new Utf8JsonReader(_utf8Json);
        var strings = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String && JsonWire.ReadString(ref reader, JsonSerializerOptions.Default) is not null)
            {
                strings++;
            }
        }

        return strings;
    }
}
