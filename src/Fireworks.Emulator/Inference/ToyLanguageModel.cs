using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fireworks.Emulator.Inference;

/// <summary>An alternative token at one position, with its log probability.</summary>
internal sealed record TokenAlternative(int Id, string Text, double Logprob);

/// <summary>One generated token: its id and text, its log probability under the model (<see cref="Logprob"/>) and under the
/// sampling distribution after temperature/top-k/top-p (<see cref="SamplingLogprob"/>), the best alternatives, its offset in
/// the completion text, and for a Mixture-of-Experts model the experts each layer routed it to.</summary>
internal sealed record GeneratedToken(int Id, string Text, double Logprob, double SamplingLogprob, IReadOnlyList<TokenAlternative> Top, int TextOffset, string? RoutingMatrix);

/// <summary>A function call the model decided to make.</summary>
internal sealed record GeneratedToolCall(string Id, string Name, string Arguments);

/// <summary>What the toy model produced for one request.</summary>
internal sealed class Generation
{
    public required int[] PromptTokenIds { get; init; }

    /// <summary>The prompt before tokenization: strings and special-token ids (the <c>raw_output.prompt_fragments</c>).</summary>
    public required IReadOnlyList<object> PromptFragments { get; init; }

    public required IReadOnlyList<GeneratedToken> Tokens { get; init; }

    /// <summary>The completion text (null for a tool call).</summary>
    public required string? Text { get; init; }

    public required string FinishReason { get; init; }

    public GeneratedToolCall? ToolCall { get; init; }

    /// <summary>What the model emitted before tool calls were parsed (the <c>raw_output.completion</c>).</summary>
    public required string RawCompletion { get; init; }

    public required int[] CompletionTokenIds { get; init; }
}

/// <summary>
/// A deterministic stand-in for a language model. Its next-token distribution is a hash of the <b>served snapshot
/// identity</b> and of every token so far, so the same prompt answers differently once new weights are loaded, and a
/// test (or a user reading <c>token_ids</c>) can tell which snapshot produced each turn. Sampling is seeded by the
/// request's <c>seed</c>; temperature 0 is greedy. The end-of-sequence token grows likelier with every token, so
/// answers end by themselves after a dozen or two words unless <c>ignore_eos</c> is set.
/// </summary>
internal static partial class ToyLanguageModel
{
    private const int MoeLayers = 4;
    private const int MoeExperts = 8;
    private const int MoeExpertsPerToken = 2;
    private const int MediaToken = 16;
    private const int ToolsMarker = 17;
    private const string BaseModelKey = "(base model)";

    /// <summary>Whether the emulator treats <paramref name="model"/> as a Mixture-of-Experts model (name contains <c>moe</c> or
    /// an active-parameter tag such as <c>-a3b</c>), whose tokens carry a <c>routing_matrix</c>.</summary>
    public static bool IsMixtureOfExperts(string model) => MoeName().IsMatch(model);

    /// <summary>Generates the answer to <paramref name="request"/> with the weights of <paramref name="snapshotIdentity"/> (null: the base model).</summary>
    public static Generation Generate(InferenceRequest request, string? snapshotIdentity)
    {
        var fragments = BuildPrompt(request);
        var prompt = new List<int>();
        foreach (var fragment in fragments)
        {
            if (fragment is int token)
            {
                prompt.Add(token);
            }
            else
            {
                ToyTokenizer.Tokenize((string)fragment, prompt);
            }
        }

        var weights = StableHash.Of(snapshotIdentity ?? BaseModelKey + request.Model);
        var context = weights;
        foreach (var token in prompt)
        {
            context = StableHash.Combine(context, token);
        }

        if (ChooseTool(request, context) is { } tool)
        {
            return CallTool(request, fragments, prompt, tool, context);
        }

        return Sample(request, fragments, prompt, weights, context);
    }

    private static Generation Sample(InferenceRequest request, IReadOnlyList<object> fragments, List<int> prompt, ulong weights, ulong context)
    {
        var moe = IsMixtureOfExperts(request.Model);
        var tokens = new List<GeneratedToken>();
        var text = new StringBuilder();
        var finish = "length";
        var logits = new double[ToyTokenizer.VocabularySize + 1];
        var seed = StableHash.Combine(0x5EED, request.Seed);
        for (var position = 0; position < request.MaxTokens; position++)
        {
            Logits(request, context, position, logits);
            var logprobs = LogSoftmax(logits, 1, null, null);
            int chosen;
            double samplingLogprob;
            if (request.Temperature == 0)
            {
                chosen = ArgMax(logits);
                samplingLogprob = 0;
            }
            else
            {
                var sampling = LogSoftmax(logits, request.Temperature, request.TopK, request.TopP);
                chosen = Draw(sampling, StableHash.Unit(StableHash.Combine(StableHash.Combine(seed, position), (long)context)));
                samplingLogprob = sampling[chosen];
            }

            var id = IdOf(chosen);
            if (id == ToyTokenizer.EndOfSequence)
            {
                finish = "stop";
                break;
            }

            var tokenText = ToyTokenizer.TextOf(id);
            tokens.Add(new GeneratedToken(id, tokenText, logprobs[chosen], samplingLogprob, Top(logprobs, request.TopLogprobs), text.Length, moe ? Routing(weights, context) : null));
            text.Append(tokenText);
            context = StableHash.Combine(context, id);
            if (StopIndex(request.Stop, text) is { } stopAt)
            {
                Truncate(tokens, text, stopAt);
                finish = "stop";
                break;
            }
        }

        var completion = text.ToString();
        return new Generation
        {
            PromptTokenIds = [.. prompt],
            PromptFragments = fragments,
            Tokens = tokens,
            Text = completion,
            FinishReason = finish,
            RawCompletion = completion,
            CompletionTokenIds = tokens.Select(t => t.Id).ToArray(),
        };
    }

    private static List<object> BuildPrompt(InferenceRequest request)
    {
        var fragments = new List<object>();
        if (!request.IsChat)
        {
            if (request.PromptTokenIds is { } ids)
            {
                fragments.AddRange(ids.Cast<object>());
            }
            else
            {
                fragments.Add(request.PromptText ?? string.Empty);
            }

            return fragments;
        }

        if (request.Tools.Count > 0)
        {
            fragments.Add(ToolsMarker);
            fragments.Add(string.Join(' ', request.Tools.Select(t => t.Name)));
            fragments.Add(ToyTokenizer.EndOfMessage);
        }

        foreach (var message in request.Messages)
        {
            fragments.Add(ToyTokenizer.RoleMarker(message.Role));
            if (message.Text.Length > 0)
            {
                fragments.Add(message.Text);
            }

            fragments.AddRange(Enumerable.Repeat<object>(MediaToken, message.MediaParts));
            fragments.Add(ToyTokenizer.EndOfMessage);
        }

        fragments.Add(ToyTokenizer.RoleMarker("assistant"));
        return fragments;
    }

    private static ToolSpec? ChooseTool(InferenceRequest request, ulong context)
    {
        if (request.Tools.Count == 0 || request.ToolChoice == "none")
        {
            return null;
        }

        if (request.ToolChoiceIsFunction)
        {
            return request.Tools.First(t => t.Name == request.ToolChoice);
        }

        if (request.ToolChoice == "required")
        {
            return request.Tools[(int)(context % (ulong)request.Tools.Count)];
        }

        // auto: call a tool the user's last message names; answer in words otherwise (and after a tool result).
        var last = request.Messages[^1];
        return last.Role == "user" ? request.Tools.FirstOrDefault(t => last.Text.Contains(t.Name, StringComparison.OrdinalIgnoreCase)) : null;
    }

    private static Generation CallTool(InferenceRequest request, IReadOnlyList<object> fragments, List<int> prompt, ToolSpec tool, ulong context)
    {
        var arguments = Arguments(tool, context);
        var id = "call_" + (context & 0xFFFFFFFFFFFF).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        var raw = $"<tool_call>{{\"name\": \"{tool.Name}\", \"arguments\": {arguments}}}</tool_call>";
        var ids = new List<int>();
        ToyTokenizer.Tokenize(raw, ids);
        return new Generation
        {
            PromptTokenIds = [.. prompt],
            PromptFragments = fragments,
            Tokens = [],
            Text = null,
            FinishReason = "tool_calls",
            ToolCall = new GeneratedToolCall(id, tool.Name, arguments),
            RawCompletion = raw,
            CompletionTokenIds = [.. ids],
        };
    }

    /// <summary>A JSON object with a value of the declared type for every property of the function's parameters.</summary>
    private static string Arguments(ToolSpec tool, ulong context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (tool.Parameters is { } parameters && parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                var index = 0;
                foreach (var property in properties.EnumerateObject())
                {
                    var hash = StableHash.Combine(context, index++);
                    var type = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    writer.WritePropertyName(property.Name);
                    switch (type)
                    {
                        case "string":
                            writer.WriteStringValue(ToyTokenizer.TextOf(ToyTokenizer.WordId((int)(hash % ToyTokenizer.VocabularySize))).Trim());
                            break;
                        case "integer":
                            writer.WriteNumberValue((long)(hash % 100));
                            break;
                        case "number":
                            writer.WriteNumberValue((hash % 1000) / 10.0);
                            break;
                        case "boolean":
                            writer.WriteBooleanValue((hash & 1) == 1);
                            break;
                        case "array":
                            writer.WriteStartArray();
                            writer.WriteEndArray();
                            break;
                        case "object":
                            writer.WriteStartObject();
                            writer.WriteEndObject();
                            break;
                        default:
                            writer.WriteNullValue();
                            break;
                    }
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Index <see cref="ToyTokenizer.VocabularySize"/> is end of sequence; the others are the vocabulary words.</summary>
    private static int IdOf(int index) => index == ToyTokenizer.VocabularySize ? ToyTokenizer.EndOfSequence : ToyTokenizer.WordId(index);

    private static void Logits(InferenceRequest request, ulong context, int position, double[] logits)
    {
        for (var i = 0; i < ToyTokenizer.VocabularySize; i++)
        {
            logits[i] = (StableHash.Unit(StableHash.Combine(context, i)) * 8) - 4;
        }

        logits[ToyTokenizer.VocabularySize] = request.IgnoreEos ? double.NegativeInfinity : -4 + (0.45 * position);
        foreach (var (token, bias) in request.LogitBias)
        {
            var index = token == ToyTokenizer.EndOfSequence ? ToyTokenizer.VocabularySize : token - ToyTokenizer.FirstWordId;
            if (index >= 0 && index <= ToyTokenizer.VocabularySize && !double.IsNegativeInfinity(logits[index]))
            {
                logits[index] += bias;
            }
        }
    }

    /// <summary>Log-softmax of <c>logits / temperature</c>, restricted to the top-k and the top-p nucleus when given.</summary>
    private static double[] LogSoftmax(double[] logits, double temperature, int? topK, double? topP)
    {
        var scaled = logits.Select(l => l / temperature).ToArray();
        if (topK is > 0 || topP is < 1)
        {
            var order = Enumerable.Range(0, scaled.Length).OrderByDescending(i => scaled[i]).ThenBy(i => i).ToArray();
            var keep = topK is > 0 ? Math.Min(topK.Value, order.Length) : order.Length;
            if (topP is { } p && p < 1)
            {
                var probabilities = Normalize(scaled);
                var mass = 0.0;
                var nucleus = 0;
                while (nucleus < keep && mass < p)
                {
                    mass += Math.Exp(probabilities[order[nucleus++]]);
                }

                keep = Math.Max(1, nucleus);
            }

            foreach (var dropped in order.Skip(keep))
            {
                scaled[dropped] = double.NegativeInfinity;
            }
        }

        return Normalize(scaled);
    }

    private static double[] Normalize(double[] scaled)
    {
        var max = scaled.Max();
        var sum = scaled.Sum(l => Math.Exp(l - max));
        var logSum = max + Math.Log(sum);
        return scaled.Select(l => l - logSum).ToArray();
    }

    private static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int Draw(double[] logprobs, double unit)
    {
        var cumulative = 0.0;
        for (var i = 0; i < logprobs.Length; i++)
        {
            cumulative += Math.Exp(logprobs[i]);
            if (unit < cumulative)
            {
                return i;
            }
        }

        return ArgMax(logprobs);
    }

    private static IReadOnlyList<TokenAlternative> Top(double[] logprobs, int count) =>
        count == 0
            ? []
            : Enumerable.Range(0, logprobs.Length).OrderByDescending(i => logprobs[i]).ThenBy(i => i).Take(count)
                .Select(i => new TokenAlternative(IdOf(i), ToyTokenizer.TextOf(IdOf(i)), logprobs[i])).ToArray();

    /// <summary>Where the first stop sequence in the text starts, or null.</summary>
    private static int? StopIndex(IReadOnlyList<string> stops, StringBuilder text)
    {
        if (stops.Count == 0)
        {
            return null;
        }

        var candidate = text.ToString();
        var earliest = stops.Where(s => s.Length > 0).Select(s => candidate.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        return earliest >= 0 ? earliest : null;
    }

    /// <summary>Cuts the completion where a stop sequence starts: tokens from there on go, a token it cuts keeps its head.</summary>
    private static void Truncate(List<GeneratedToken> tokens, StringBuilder text, int at)
    {
        tokens.RemoveAll(t => t.TextOffset >= at);
        if (tokens.Count > 0 && tokens[^1] is var last && last.TextOffset + last.Text.Length > at)
        {
            tokens[^1] = last with { Text = last.Text[..(at - last.TextOffset)] };
        }

        text.Length = Math.Min(text.Length, at);
    }

    /// <summary>Base64 of <c>layers × experts-per-token</c> expert indices (one byte each), the emulator's own R3 layout.</summary>
    private static string Routing(ulong weights, ulong context)
    {
        Span<byte> experts = stackalloc byte[MoeLayers * MoeExpertsPerToken];
        for (var layer = 0; layer < MoeLayers; layer++)
        {
            var hash = StableHash.Combine(StableHash.Combine(weights, (long)context), layer);
            var first = (byte)(hash % MoeExperts);
            var second = (byte)((first + 1 + (int)((hash >> 8) % (MoeExperts - 1))) % MoeExperts);
            experts[layer * MoeExpertsPerToken] = first;
            experts[(layer * MoeExpertsPerToken) + 1] = second;
        }

        return Convert.ToBase64String(experts);
    }

    [GeneratedRegex(@"moe|-a\d+b(\b|-|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MoeName();
}
