using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Fireworks.Models;
using OpenAI;
using OpenAI.Chat;
using OpenAiChatClient = OpenAI.Chat.ChatClient;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// The two SDKs pointed at the same canned chat stream (<see cref="CannedResponses.ChatStream"/>, served from memory by
/// <see cref="CannedHandler"/>), and the same consumer written for each: it touches the text and the logprob of every
/// token, as a rollout that keeps logprobs does. Each SDK's benchmark client is built with its defaults otherwise.
/// </summary>
internal sealed class Contenders : IDisposable
{
    private readonly FireworksClient _ours;
    private readonly ChatCompletionRequest _request;
    private readonly OpenAiChatClient _openAi;
    private readonly List<OpenAI.Chat.ChatMessage> _openAiMessages;
    private readonly ChatCompletionOptions _openAiOptions;

    public Contenders()
    {
        var bytes = CannedResponses.ChatStream();
        _ours = new FireworksClient(new FireworksClientOptions
        {
            ApiKey = "benchmark-key",
            BaseUrl = new Uri("https://api.fireworks.ai"),
            HttpMessageHandler = new CannedHandler(bytes, "text/event-stream"),
        });
        _request = new ChatCompletionRequest
        {
            Model = CannedResponses.Model,
            Messages = [new Fireworks.Models.ChatMessage { Role = "user", Content = "Tell me a long story." }],
            Logprobs = true,
            TopLogprobs = 2,
        };
        _openAi = new OpenAiChatClient(CannedResponses.Model, new ApiKeyCredential("benchmark-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri("https://api.fireworks.ai/inference/v1"),
            Transport = new HttpClientPipelineTransport(new HttpClient(new CannedHandler(bytes, "text/event-stream"))),
        });
        _openAiMessages = [new UserChatMessage("Tell me a long story.")];
        _openAiOptions = new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = 2 };
    }

    /// <summary>Reads the whole stream with this SDK: the sum of the token texts' lengths and their logprobs.</summary>
    public async Task<double> ReadOursAsync()
    {
        var sum = 0.0;
        await foreach (var chunk in _ours.Chat.Completions.StreamAsync(_request))
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

    /// <summary>Reads the whole stream with the OpenAI SDK: the same sum as <see cref="ReadOursAsync"/>.</summary>
    public async Task<double> ReadOpenAiAsync()
    {
        var sum = 0.0;
        await foreach (var update in _openAi.CompleteChatStreamingAsync(_openAiMessages, _openAiOptions))
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

    /// <summary>Sends the request and reads the first chunk with this SDK (then stops, which releases the response).</summary>
    public async Task<int> FirstOursAsync()
    {
        await foreach (var chunk in _ours.Chat.Completions.StreamAsync(_request))
        {
            return chunk.Choices.Count;
        }

        return 0;
    }

    /// <summary>Sends the request and reads the first update (the assistant's role) with the OpenAI SDK.</summary>
    public async Task<int> FirstOpenAiAsync()
    {
        await foreach (var update in _openAi.CompleteChatStreamingAsync(_openAiMessages, _openAiOptions))
        {
            return update.Role is null ? 0 : 1;
        }

        return 0;
    }

    /// <summary>
    /// Fails the run unless both SDKs read the same stream to the same result, so a contender that skipped chunks or
    /// logprobs cannot look fast.
    /// </summary>
    public void CheckBothReadEverything()
    {
        var ours = ReadOursAsync().GetAwaiter().GetResult();
        var openAi = ReadOpenAiAsync().GetAwaiter().GetResult();
        if (ours == 0 || Math.Abs(ours - openAi) > 1e-6 * Math.Abs(openAi))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The two SDKs read different streams: ours summed {ours}, OpenAI's {openAi}."));
        }

        if (FirstOursAsync().GetAwaiter().GetResult() != 1 || FirstOpenAiAsync().GetAwaiter().GetResult() == 0)
        {
            throw new InvalidOperationException("A first-chunk read returned no chunk.");
        }
    }

    public void Dispose() => _ours.Dispose();
}
