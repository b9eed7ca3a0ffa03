using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// The bytes both SDKs read, built once from a fixed seed in the shape of <c>spec/text-completion.openapi.yaml</c>
/// (what the inference endpoint and the emulator send): a chat stream of <see cref="StreamChunks"/> token chunks, each
/// with its logprobs (token, logprob, sampling_logprob, bytes, two top_logprobs with token ids, token_id, text_offset)
/// and token_ids, between a role chunk and a finish chunk with usage; and a non-streaming chat completion of about 2 KB.
/// </summary>
internal static class CannedResponses
{
    public const int StreamChunks = 1000;

    /// <summary>Every chunk a reader gets: the token chunks, the role chunk before them and the finish chunk after.</summary>
    public const int AllStreamChunks = StreamChunks + 2;

    /// <summary>The tokens of the non-streaming answer: enough for about 2 KB of JSON with their logprobs.</summary>
    public const int CompletionTokens = 5;
    public const string Model = "accounts/fireworks/models/qwen3-8b";

    private static readonly string[] Words = BuildWords();

    public static byte[] ChatStream()
    {
        var random = new Random(20251205);
        var sse = new ArrayBufferWriter<byte>(1 << 20);
        WriteEvent(sse, writer =>
        {
            Header(writer);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            writer.WriteString("role", "assistant");
            writer.WriteEndObject();
            writer.WriteNull("finish_reason");
            writer.WriteEndObject();
            writer.WriteEndArray();
        });
        var offset = 0;
        for (var i = 0; i < StreamChunks; i++)
        {
            var (id, token) = NextToken(random);
            var logprob = -random.NextDouble() * 3;
            WriteEvent(sse, writer =>
            {
                Header(writer);
                writer.WriteStartArray("choices");
                writer.WriteStartObject();
                writer.WriteNumber("index", 0);
                writer.WriteStartObject("delta");
                writer.WriteString("content", token);
                writer.WriteEndObject();
                writer.WriteStartObject("logprobs");
                writer.WriteStartArray("content");
                WriteLogprob(writer, random, id, token, logprob, offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteNull("finish_reason");
                writer.WriteStartArray("token_ids");
                writer.WriteNumberValue(id);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
            });
            offset += token.Length;
        }

        WriteEvent(sse, writer =>
        {
            Header(writer);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            writer.WriteEndObject();
            writer.WriteString("finish_reason", "length");
            writer.WriteEndObject();
            writer.WriteEndArray();
            Usage(writer, 42, StreamChunks);
        });
        sse.Write("data: [DONE]\n\n"u8);
        return sse.WrittenSpan.ToArray();
    }

    /// <summary>A non-streaming answer of about 2 KB: a <see cref="CompletionTokens"/>-token message with logprobs.</summary>
    public static byte[] ChatCompletion()
    {
        var random = new Random(7);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "chatcmpl-0000002a");
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", 1764921600);
            writer.WriteString("model", Model);
            var tokens = Enumerable.Range(0, CompletionTokens).Select(_ => NextToken(random)).ToList();
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", string.Concat(tokens.Select(t => t.Token)));
            writer.WriteEndObject();
            writer.WriteString("finish_reason", "stop");
            writer.WriteStartObject("logprobs");
            writer.WriteStartArray("content");
            var offset = 0;
            foreach (var (id, token) in tokens)
            {
                WriteLogprob(writer, random, id, token, -random.NextDouble() * 3, offset);
                offset += token.Length;
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            Usage(writer, 42, tokens.Count);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteLogprob(Utf8JsonWriter writer, Random random, int id, string token, double logprob, int offset)
    {
        writer.WriteStartObject();
        writer.WriteString("token", token);
        writer.WriteNumber("logprob", logprob);
        writer.WriteNumber("sampling_logprob", logprob * 0.9);
        writer.WriteStartArray("bytes");
        foreach (var b in Encoding.UTF8.GetBytes(token))
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("top_logprobs");
        for (var k = 0; k < 2; k++)
        {
            var (altId, alt) = NextToken(random);
            writer.WriteStartObject();
            writer.WriteString("token", alt);
            writer.WriteNumber("logprob", logprob - random.NextDouble());
            writer.WriteNumber("token_id", altId);
            writer.WriteStartArray("bytes");
            foreach (var b in Encoding.UTF8.GetBytes(alt))
            {
                writer.WriteNumberValue(b);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("token_id", id);
        writer.WriteNumber("text_offset", offset);
        writer.WriteEndObject();
    }

    private static void Header(Utf8JsonWriter writer)
    {
        writer.WriteString("id", "chatcmpl-0000002a");
        writer.WriteString("object", "chat.completion.chunk");
        writer.WriteNumber("created", 1764921600);
        writer.WriteString("model", Model);
    }

    private static void Usage(Utf8JsonWriter writer, int prompt, int completion)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("total_tokens", prompt + completion);
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteEndObject();
    }

    private static void WriteEvent(ArrayBufferWriter<byte> sse, Action<Utf8JsonWriter> body)
    {
        sse.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(sse))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        sse.Write("\n\n"u8);
    }

    private static (int Id, string Token) NextToken(Random random)
    {
        var index = random.Next(Words.Length);
        return (1000 + index, " " + Words[index]);
    }

    private static string[] BuildWords()
    {
        string[] syllables = ["ka", "to", "mi", "re", "su", "na", "lo", "pe", "di", "vu", "ga", "zo"];
        return syllables.SelectMany(a => syllables.Select(b => a + b)).ToArray();
    }
}
