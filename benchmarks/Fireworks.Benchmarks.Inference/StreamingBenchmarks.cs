using System.ClientModel;
using System.ClientModel.Primitives;
using BenchmarkDotNet.Attributes;
using Fireworks.Models;
using Fireworks.Serialization;
using OpenAI;
using OpenAI.Chat;
using OpenAiChatClient = OpenAI.Chat.ChatClient;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// One canned chat stream of <see cref="CannedResponses.StreamChunks"/> token chunks with logprobs, read to the end
/// through this SDK's <c>client.Chat.Completions.StreamAsync</c> and through the OpenAI .NET SDK's
/// <c>ChatClient.CompleteChatStreamingAsync</c> pointed at a custom endpoint. Both get the same bytes from the same
/// in-memory handler, and both consumers touch the text and the logprob of every token. Divide by the chunk count for
/// per-chunk figures (docs/benchmarks.md does). The first-chunk benchmarks send the request and read one chunk: the
/// time to first chunk a caller sees when the server answers at once.
/// </summary>
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    private FireworksClient ours = null!;
    private OpenAiChatClient openAi = null!;
    private ChatCompletionRequest request = null!;
    private List<OpenAI.Chat.ChatMessage> openAiMessages = null!;
    private ChatCompletionOptions openAiOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        var bytes = CannedResponses.ChatStream();
        ours = new FireworksClient(new FireworksClientOptions
        {
            ApiKey = "benchmark-key",
            BaseUrl = new Uri("https://api.fireworks.ai"),
            HttpMessageHandler = new CannedHandler(bytes, "text/event-stream"),
        });
        request = new ChatCompletionRequest
        {
            Model = CannedResponses.Model,
            Messages = [new Fireworks.Models.ChatMessage { Role = "user", Content = "Tell me a long story." }],
            Logprobs = true,
            TopLogprobs = 2,
        };
        openAi = new OpenAiChatClient(CannedResponses.Model, new ApiKeyCredential("benchmark-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri("https://api.fireworks.ai/inference/v1"),
            Transport = new HttpClientPipelineTransport(new HttpClient(new CannedHandler(bytes, "text/event-stream"))),
        });
        openAiMessages = [new UserChatMessage("Tell me a long story.")];
        openAiOptions = new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = 2 };
    }

    [GlobalCleanup]
    public void Cleanup() => ours.Dispose();

    [Benchmark(Description = "Fireworks: whole stream")]
    public async Task<double> OursWholeStream()
    {
        var sum = 0.0;
        await foreach (var chunk in ours.Chat.Completions.StreamAsync(request))
        {
            var choice = chunk.Choices[0];
            sum += choice.Delta.Content?.Length ?? 0;
            if (choice.Logprobs?.AsNewLogProbs() is { Content: { } tokens })
            {
                sum += tokens[0].Logprob;
            }
        }

        return sum;
    }

    [Benchmark(Baseline = true, Description = "OpenAI 2.15: whole stream")]
    public async Task<double> OpenAiWholeStream()
    {
        var sum = 0.0;
        await foreach (var update in openAi.CompleteChatStreamingAsync(openAiMessages, openAiOptions))
        {
            foreach (var part in update.ContentUpdate)
            {
                sum += part.Text.Length;
            }

            foreach (var logprob in update.ContentTokenLogProbabilities)
            {
                sum += logprob.LogProbability;
            }
        }

        return sum;
    }

    [Benchmark(Description = "Fireworks: first chunk")]
    public async Task<int> OursFirstChunk()
    {
        await foreach (var chunk in ours.Chat.Completions.StreamAsync(request))
        {
            return chunk.Choices.Count;
        }

        return 0;
    }

    [Benchmark(Description = "OpenAI 2.15: first chunk")]
    public async Task<int> OpenAiFirstChunk()
    {
        await foreach (var update in openAi.CompleteChatStreamingAsync(openAiMessages, openAiOptions))
        {
            return update.ContentUpdate.Count;
        }

        return 0;
    }
}

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
    }

    [Benchmark(Description = "Fireworks: ChatCompletionResponse")]
    public ChatCompletionResponse? Ours() => System.Text.Json.JsonSerializer.Deserialize(json, FireworksJsonContext.Default.ChatCompletionResponse);

    [Benchmark(Baseline = true, Description = "OpenAI 2.15: ChatCompletion")]
    public ChatCompletion? OpenAi() => ModelReaderWriter.Read<ChatCompletion>(data, ModelReaderWriterOptions.Json, OpenAIContext.Default);
}
