using System.ClientModel.Primitives;
using BenchmarkDotNet.Attributes;
using Fireworks.Models;
using Fireworks.Serialization;
using OpenAI;
using OpenAI.Chat;

namespace Fireworks.Benchmarks.Inference;

/// <summary>A 2 KB non-streaming chat completion (message, logprobs, usage) deserialised by each SDK from the same bytes.</summary>
[MemoryDiagnoser]
public class DeserializeBenchmarks
{
    private byte[] json = null!;
    private BinaryData data = null!;

    [GlobalSetup]
    public void Setup()
    {
        json = CannedResponses.ChatCompletion();
        data = BinaryData.FromBytes(json);
        if (Ours()?.Choices[0].Logprobs?.AsNewLogProbs().Content?.Count != CannedResponses.CompletionTokens
            || OpenAi()?.ContentTokenLogProbabilities.Count != CannedResponses.CompletionTokens)
        {
            throw new InvalidOperationException("A contender did not read every token's logprobs of the chat completion.");
        }
    }

    [Benchmark(Description = "Fireworks: ChatCompletionResponse")]
    public ChatCompletionResponse? Ours() => System.Text.Json.JsonSerializer.Deserialize(json, FireworksJsonContext.Default.ChatCompletionResponse);

    [Benchmark(Baseline = true, Description = "OpenAI 2.15: ChatCompletion")]
    public ChatCompletion? OpenAi() => ModelReaderWriter.Read<ChatCompletion>(data, ModelReaderWriterOptions.Json, OpenAIContext.Default);
}
