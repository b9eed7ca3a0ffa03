using System.Buffers;
using System.Text.Json;

namespace Fireworks.Emulator.Inference;

/// <summary>The facts of one answer that are not the generation itself.</summary>
internal sealed record AnswerContext(string Id, long Created, string Model, int CachedTokens, double TimeToFirstTokenMs);

/// <summary>
/// Writes chat-completion and completion answers, whole (<c>ChatCompletionResponse</c>, <c>CompletionResponse</c>) or as
/// stream chunks (<c>ChatCompletionStreamResponse</c>, <c>CompletionStreamResponse</c>), with the property names of
/// <c>spec/text-completion.openapi.yaml</c>. Optional parts appear only when asked for: token ids
/// (<c>return_token_ids</c>), logprobs (<c>logprobs</c>/<c>top_logprobs</c>, with <c>token_id</c>, <c>sampling_logprob</c>
/// and, for a Mixture-of-Experts model, <c>routing_matrix</c>), <c>raw_output</c>, <c>perf_metrics</c>
/// (<c>perf_metrics_in_response</c>), and in a stream <c>usage</c> (unless <c>stream_options.include_usage</c> is false).
/// </summary>
internal static class InferenceResponseWriter
{
    /// <summary>The whole answer as one JSON document.</summary>
    public static byte[] Whole(InferenceRequest request, Generation generation, AnswerContext answer)
    {
        return Write(writer =>
        {
            Header(writer, answer, request.IsChat ? "chat.completion" : "text_completion");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            if (request.IsChat)
            {
                writer.WriteStartObject("message");
                writer.WriteString("role", "assistant");
                WriteContent(writer, generation.Text);
                if (generation.ToolCall is { } call)
                {
                    WriteToolCall(writer, call, streaming: false);
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("text", generation.Text);
            }

            writer.WriteString("finish_reason", generation.FinishReason);
            WriteLogprobs(writer, request, generation.Tokens);
            if (request.RawOutput)
            {
                WriteRawOutput(writer, request, generation);
            }

            if (request.ReturnTokenIds)
            {
                if (!request.IsChat)
                {
                    WriteIds(writer, "prompt_token_ids", generation.PromptTokenIds);
                }

                WriteIds(writer, "token_ids", generation.CompletionTokenIds);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, generation, answer);
            if (request.PerfMetrics)
            {
                WritePerfMetrics(writer, generation, answer);
            }

            if (request.IsChat && request.ReturnTokenIds)
            {
                WriteIds(writer, "prompt_token_ids", generation.PromptTokenIds);
            }
        });
    }

    /// <summary>
    /// The stream chunks: for chat a first chunk with the role (and <c>prompt_token_ids</c>), then one chunk per token
    /// (or one with the tool call), then a last chunk with <c>finish_reason</c> and what belongs at the end.
    /// </summary>
    public static IEnumerable<byte[]> Chunks(InferenceRequest request, Generation generation, AnswerContext answer)
    {
        var objectName = request.IsChat ? "chat.completion.chunk" : "text_completion";
        if (request.IsChat)
        {
            yield return Chunk(answer, objectName, writer => Delta(writer, delta => delta.WriteString("role", "assistant")), writer =>
            {
                if (request.ReturnTokenIds)
                {
                    WriteIds(writer, "prompt_token_ids", generation.PromptTokenIds);
                }
            });
        }

        if (generation.ToolCall is { } call)
        {
            yield return Chunk(answer, objectName, writer => Delta(writer, delta => WriteToolCall(delta, call, streaming: true)));
        }

        // A completions stream sends prompt_token_ids with its first choice chunk.
        var promptIdsPending = !request.IsChat && request.ReturnTokenIds;
        foreach (var token in generation.Tokens)
        {
            var withPromptIds = promptIdsPending;
            promptIdsPending = false;
            yield return Chunk(answer, objectName, writer =>
            {
                if (request.IsChat)
                {
                    Delta(writer, delta => delta.WriteString("content", token.Text));
                }
                else
                {
                    writer.WriteString("text", token.Text);
                }

                WriteLogprobs(writer, request, [token]);
                if (request.ReturnTokenIds)
                {
                    if (withPromptIds)
                    {
                        WriteIds(writer, "prompt_token_ids", generation.PromptTokenIds);
                    }

                    WriteIds(writer, "token_ids", [token.Id]);
                }
            });
        }

        yield return Chunk(answer, objectName, writer =>
        {
            if (request.IsChat)
            {
                Delta(writer, _ => { });
            }
            else
            {
                writer.WriteString("text", string.Empty);
            }

            writer.WriteString("finish_reason", generation.FinishReason);
            if (request.RawOutput)
            {
                WriteRawOutput(writer, request, generation);
            }

            if (promptIdsPending)
            {
                WriteIds(writer, "prompt_token_ids", generation.PromptTokenIds);
                WriteIds(writer, "token_ids", []);
            }
        }, writer =>
        {
            if (request.IncludeUsage)
            {
                WriteUsage(writer, generation, answer);
            }

            if (request.PerfMetrics)
            {
                WritePerfMetrics(writer, generation, answer);
            }
        });
    }

    /// <summary>The error body of the inference endpoints.</summary>
    public static byte[] Error(InferenceError error) => Write(writer =>
    {
        writer.WriteStartObject("error");
        writer.WriteString("object", "error");
        writer.WriteString("type", error.Type);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
    });

    /// <summary>One chunk with one choice: <paramref name="choice"/> writes the choice after its index, <paramref name="after"/> what follows the choices.</summary>
    private static byte[] Chunk(AnswerContext answer, string objectName, Action<Utf8JsonWriter> choice, Action<Utf8JsonWriter>? after = null) =>
        Write(writer =>
        {
            Header(writer, answer, objectName);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            choice(writer);
            writer.WriteEndObject();
            writer.WriteEndArray();
            after?.Invoke(writer);
        });

    private static void Delta(Utf8JsonWriter writer, Action<Utf8JsonWriter> body)
    {
        writer.WriteStartObject("delta");
        body(writer);
        writer.WriteEndObject();
    }

    private static void Header(Utf8JsonWriter writer, AnswerContext answer, string objectName)
    {
        writer.WriteString("id", answer.Id);
        writer.WriteString("object", objectName);
        writer.WriteNumber("created", answer.Created);
        writer.WriteString("model", answer.Model);
    }

    private static void WriteContent(Utf8JsonWriter writer, string? text)
    {
        if (text is null)
        {
            writer.WriteNull("content");
        }
        else
        {
            writer.WriteString("content", text);
        }
    }

    /// <summary>
    /// The <c>tool_calls</c> array. A stream's tool-call delta also carries <c>index</c> (not in the spec's
    /// ChatCompletionMessageToolCall, but what OpenAI-compatible clients assemble parallel calls by).
    /// </summary>
    private static void WriteToolCall(Utf8JsonWriter writer, GeneratedToolCall call, bool streaming)
    {
        writer.WriteStartArray("tool_calls");
        writer.WriteStartObject();
        if (streaming)
        {
            writer.WriteNumber("index", 0);
        }

        writer.WriteString("id", call.Id);
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", call.Arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteLogprobs(Utf8JsonWriter writer, InferenceRequest request, IReadOnlyList<GeneratedToken> tokens)
    {
        switch (request.Logprobs)
        {
            case LogprobsFormat.OpenAi:
                writer.WritePropertyName("logprobs");
                WriteOpenAiLogprobs(writer, tokens);
                break;
            case LogprobsFormat.Legacy:
                writer.WriteStartObject("logprobs");
                writer.WriteStartArray("tokens");
                tokens.ToList().ForEach(t => writer.WriteStringValue(t.Text));
                writer.WriteEndArray();
                writer.WriteStartArray("token_logprobs");
                tokens.ToList().ForEach(t => writer.WriteNumberValue(t.Logprob));
                writer.WriteEndArray();
                writer.WriteStartArray("top_logprobs");
                foreach (var token in tokens)
                {
                    writer.WriteStartObject();
                    foreach (var alternative in token.Top)
                    {
                        writer.WriteNumber(alternative.Text, alternative.Logprob);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("text_offset");
                tokens.ToList().ForEach(t => writer.WriteNumberValue(t.TextOffset));
                writer.WriteEndArray();
                WriteIds(writer, "token_ids", tokens.Select(t => t.Id).ToArray());
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteOpenAiLogprobs(Utf8JsonWriter writer, IReadOnlyList<GeneratedToken> tokens)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("content");
        foreach (var token in tokens)
        {
            writer.WriteStartObject();
            writer.WriteString("token", token.Text);
            writer.WriteNumber("logprob", token.Logprob);
            writer.WriteNumber("sampling_logprob", token.SamplingLogprob);
            WriteIds(writer, "bytes", ToyTokenizer.BytesOf(token.Text));
            writer.WriteStartArray("top_logprobs");
            foreach (var alternative in token.Top)
            {
                writer.WriteStartObject();
                writer.WriteString("token", alternative.Text);
                writer.WriteNumber("logprob", alternative.Logprob);
                writer.WriteNumber("token_id", alternative.Id);
                WriteIds(writer, "bytes", ToyTokenizer.BytesOf(alternative.Text));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("token_id", token.Id);
            writer.WriteNumber("text_offset", token.TextOffset);
            if (token.RoutingMatrix is { } routing)
            {
                writer.WriteString("routing_matrix", routing);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRawOutput(Utf8JsonWriter writer, InferenceRequest request, Generation generation)
    {
        writer.WriteStartObject("raw_output");
        writer.WriteStartArray("prompt_fragments");
        foreach (var fragment in generation.PromptFragments)
        {
            if (fragment is int token)
            {
                writer.WriteNumberValue(token);
            }
            else
            {
                writer.WriteStringValue((string)fragment);
            }
        }

        writer.WriteEndArray();
        WriteIds(writer, "prompt_token_ids", generation.PromptTokenIds);
        writer.WriteString("completion", generation.RawCompletion);
        WriteIds(writer, "completion_token_ids", generation.CompletionTokenIds);
        if (request.Logprobs != LogprobsFormat.None)
        {
            writer.WritePropertyName("completion_logprobs");
            WriteOpenAiLogprobs(writer, generation.Tokens);
        }

        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, Generation generation, AnswerContext answer)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", generation.PromptTokenIds.Length);
        writer.WriteNumber("total_tokens", generation.PromptTokenIds.Length + generation.CompletionTokenIds.Length);
        writer.WriteNumber("completion_tokens", generation.CompletionTokenIds.Length);
        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", answer.CachedTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The metrics the service also sends as response headers, under the same names.</summary>
    private static void WritePerfMetrics(Utf8JsonWriter writer, Generation generation, AnswerContext answer)
    {
        writer.WriteStartObject("perf_metrics");
        foreach (var (name, value) in PerfMetrics(generation, answer))
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Performance metrics as header name/value pairs (<c>fireworks-prompt-tokens</c>, ...).</summary>
    public static IEnumerable<(string Name, string Value)> PerfMetrics(Generation generation, AnswerContext answer)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        yield return ("fireworks-prompt-tokens", generation.PromptTokenIds.Length.ToString(invariant));
        yield return ("fireworks-cached-prompt-tokens", answer.CachedTokens.ToString(invariant));
        yield return ("fireworks-completion-tokens", generation.CompletionTokenIds.Length.ToString(invariant));
        yield return ("fireworks-server-time-to-first-token", (answer.TimeToFirstTokenMs / 1000).ToString("0.000", invariant));
    }

    private static void WriteIds(Utf8JsonWriter writer, string name, IReadOnlyList<int> ids)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            writer.WriteNumberValue(id);
        }

        writer.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
