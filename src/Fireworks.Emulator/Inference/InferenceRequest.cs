using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fireworks.Emulator.Inference;

/// <summary>One message of a chat request, reduced to what the toy model reads.</summary>
internal sealed record ChatTurn(string Role, string Text, int MediaParts);

/// <summary>A function the request offers the model (<c>tools[].function</c>).</summary>
internal sealed record ToolSpec(string Name, JsonElement? Parameters);

/// <summary>How logprobs were asked for: none, the OpenAI format (<c>logprobs: true</c>) or the legacy one (<c>logprobs: N</c>).</summary>
internal enum LogprobsFormat
{
    None,
    OpenAi,
    Legacy,
}

/// <summary>
/// A chat-completions or completions request body, read leniently like the service reads it (unknown fields are
/// ignored, as the real endpoints do with OpenAI fields such as <c>stream_options</c>) but with every field the toy
/// model uses checked: a wrong type or range is a 400 naming the field. Fields that would change the output in a way
/// the emulator cannot imitate (<c>echo</c>, structured <c>response_format</c>, images) are refused, never ignored.
/// </summary>
internal sealed class InferenceRequest
{
    public const int MaxTopLogprobs = 5;
    private const int DefaultMaxTokens = 2048;

    private InferenceRequest(bool isChat, string model)
    {
        IsChat = isChat;
        Model = model;
    }

    public bool IsChat { get; }

    public string Model { get; }

    public List<ChatTurn> Messages { get; } = [];

    /// <summary>The completions prompt as text (null when given as token ids).</summary>
    public string? PromptText { get; private set; }

    /// <summary>The completions prompt as token ids (null when given as text).</summary>
    public int[]? PromptTokenIds { get; private set; }

    public bool Stream { get; private set; }

    /// <summary>
    /// Whether a stream's last chunk carries <c>usage</c>: yes unless <c>stream_options.include_usage</c> is false. The
    /// spec's request has no <c>stream_options</c> (so spec-typed clients cannot ask), while OpenAI clients send it.
    /// </summary>
    public bool IncludeUsage { get; private set; } = true;

    public int MaxTokens { get; private set; } = DefaultMaxTokens;

    /// <summary>Sampling temperature; 0 is greedy.</summary>
    public double Temperature { get; private set; } = 1;

    public int? TopK { get; private set; }

    public double? TopP { get; private set; }

    public long Seed { get; private set; }

    public LogprobsFormat Logprobs { get; private set; }

    /// <summary>Alternatives per position (0 to 5).</summary>
    public int TopLogprobs { get; private set; }

    public bool ReturnTokenIds { get; private set; }

    public bool RawOutput { get; private set; }

    public bool PerfMetrics { get; private set; }

    public bool IgnoreEos { get; private set; }

    public IReadOnlyList<string> Stop { get; private set; } = [];

    public string? PromptCacheKey { get; private set; }

    public string? User { get; private set; }

    public List<ToolSpec> Tools { get; } = [];

    /// <summary><c>auto</c>, <c>none</c>, <c>required</c>, or the name of the function the model must call.</summary>
    public string ToolChoice { get; private set; } = "auto";

    public bool ToolChoiceIsFunction { get; private set; }

    public Dictionary<int, double> LogitBias { get; } = [];

    /// <exception cref="InferenceError">400 naming the first field that is missing, of the wrong type or out of range.</exception>
    public static InferenceRequest Parse(ReadOnlyMemory<byte> body, bool isChat)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw InferenceError.Invalid($"The request body is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InferenceError.Invalid("The request body must be a JSON object.");
            }

            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } name
                ? name
                : throw InferenceError.Invalid("model is required: a model name such as accounts/fireworks/models/qwen3-8b.");
            var request = new InferenceRequest(isChat, model);
            if (isChat)
            {
                request.ReadMessages(root);
                request.ReadTools(root);
            }
            else
            {
                request.ReadPrompt(root);
            }

            request.ReadSampling(root);
            request.ReadOutputOptions(root);
            return request;
        }
    }

    private void ReadMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw InferenceError.Invalid("messages is required: a non-empty array of {role, content} objects.");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var at = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                throw InferenceError.Invalid($"{at}.role is required (system, user, assistant or tool).");
            }

            var text = new StringBuilder();
            var media = 0;
            if (message.TryGetProperty("content", out var content))
            {
                switch (content.ValueKind)
                {
                    case JsonValueKind.String:
                        text.Append(content.GetString());
                        break;
                    case JsonValueKind.Array:
                        foreach (var part in content.EnumerateArray())
                        {
                            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) ? t.GetString() : null;
                            if (type == "text" && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                            {
                                text.Append(text.Length > 0 ? " " : string.Empty).Append(partText.GetString());
                            }
                            else if (type is "image_url" or "video_url")
                            {
                                media++;
                            }
                            else
                            {
                                throw InferenceError.Invalid($"{at}.content has a part of type '{type}'; parts are text, image_url or video_url objects.");
                            }
                        }

                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        throw InferenceError.Invalid($"{at}.content must be a string, an array of content parts or null.");
                }
            }

            if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                // The model sees earlier calls as text, as a chat template renders them.
                foreach (var call in calls.EnumerateArray())
                {
                    if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
                    {
                        text.Append(' ').Append(function.TryGetProperty("name", out var n) ? n.GetString() : null)
                            .Append(' ').Append(function.TryGetProperty("arguments", out var a) ? a.ToString() : null);
                    }
                }
            }

            Messages.Add(new ChatTurn(role.GetString()!, text.ToString(), media));
        }
    }

    private void ReadTools(JsonElement root)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object ||
                    !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw InferenceError.Invalid($"tools[{index}].function.name is required.");
                }

                Tools.Add(new ToolSpec(name.GetString()!, function.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : null));
                index++;
            }
        }

        if (root.TryGetProperty("tool_choice", out var choice))
        {
            switch (choice.ValueKind)
            {
                case JsonValueKind.String when choice.GetString() is "auto" or "none" or "required" or "any":
                    ToolChoice = choice.GetString() == "any" ? "required" : choice.GetString()!;
                    break;
                case JsonValueKind.Object:
                    var function = choice.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : choice;
                    ToolChoice = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                        ? n.GetString()!
                        : throw InferenceError.Invalid("tool_choice names no function: use {\"type\": \"function\", \"function\": {\"name\": ...}}.");
                    ToolChoiceIsFunction = true;
                    if (Tools.All(t => t.Name != ToolChoice))
                    {
                        throw InferenceError.Invalid($"tool_choice names function '{ToolChoice}', which is not in tools.");
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw InferenceError.Invalid("tool_choice must be auto, none, required, any or a function selection.");
            }
        }
    }

    private void ReadPrompt(JsonElement root)
    {
        if (!root.TryGetProperty("prompt", out var prompt))
        {
            throw InferenceError.Invalid("prompt is required: a string or an array of token ids.");
        }

        if (prompt.ValueKind == JsonValueKind.String)
        {
            PromptText = prompt.GetString();
            return;
        }

        if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() == 1 && prompt[0].ValueKind is JsonValueKind.String or JsonValueKind.Array)
        {
            // A batch of one prompt reads like the prompt itself.
            prompt = prompt[0];
            if (prompt.ValueKind == JsonValueKind.String)
            {
                PromptText = prompt.GetString();
                return;
            }
        }

        if (prompt.ValueKind == JsonValueKind.Array && prompt.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _)))
        {
            PromptTokenIds = prompt.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            return;
        }

        throw InferenceError.Invalid("prompt must be a string or an array of token ids (the emulator answers one prompt per request).");
    }

    private void ReadSampling(JsonElement root)
    {
        var maxTokens = Int(root, "max_completion_tokens") ?? Int(root, "max_tokens");
        if (maxTokens is { } max)
        {
            MaxTokens = max >= 1 ? max : throw InferenceError.Invalid($"max_tokens must be at least 1, not {max}.");
        }

        if (Number(root, "temperature") is { } temperature)
        {
            Temperature = temperature is >= 0 and <= 2 ? temperature : throw InferenceError.Invalid($"temperature must be between 0 and 2, not {temperature.ToString(CultureInfo.InvariantCulture)}.");
        }

        TopK = Int(root, "top_k") is { } k ? (k is >= 0 and <= 100 ? k : throw InferenceError.Invalid($"top_k must be between 0 and 100, not {k}.")) : null;
        TopP = Number(root, "top_p") is { } p ? (p is > 0 and <= 1 ? p : throw InferenceError.Invalid($"top_p must be in (0, 1], not {p.ToString(CultureInfo.InvariantCulture)}.")) : null;
        Seed = root.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number
            ? (seed.TryGetInt64(out var s) ? s : throw InferenceError.Invalid("seed must be an integer."))
            : 0;
        IgnoreEos = Bool(root, "ignore_eos") ?? false;
        if (Int(root, "n") is { } n && n != 1)
        {
            throw InferenceError.Invalid($"n = {n}: the emulator generates one choice per request; send {n} requests.");
        }

        if (root.TryGetProperty("stop", out var stop))
        {
            Stop = stop.ValueKind switch
            {
                JsonValueKind.String => [stop.GetString()!],
                JsonValueKind.Array when stop.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => stop.EnumerateArray().Select(e => e.GetString()!).ToArray(),
                JsonValueKind.Null => [],
                _ => throw InferenceError.Invalid("stop must be a string or an array of strings."),
            };
        }

        if (root.TryGetProperty("logit_bias", out var bias) && bias.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in bias.EnumerateObject())
            {
                if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var token) || entry.Value.ValueKind != JsonValueKind.Number)
                {
                    throw InferenceError.Invalid($"logit_bias maps token ids to numbers; '{entry.Name}' is not a token id.");
                }

                LogitBias[token] = entry.Value.GetDouble();
            }
        }
    }

    private void ReadOutputOptions(JsonElement root)
    {
        Stream = Bool(root, "stream") ?? false;
        if (root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object)
        {
            IncludeUsage = Bool(options, "include_usage") ?? true;
        }

        if (root.TryGetProperty("logprobs", out var logprobs))
        {
            switch (logprobs.ValueKind)
            {
                case JsonValueKind.True:
                    Logprobs = LogprobsFormat.OpenAi;
                    break;
                case JsonValueKind.Number when logprobs.TryGetInt32(out var count) && count is >= 0 and <= MaxTopLogprobs:
                    Logprobs = LogprobsFormat.Legacy;
                    TopLogprobs = count;
                    break;
                case JsonValueKind.False or JsonValueKind.Null:
                    break;
                default:
                    throw InferenceError.Invalid($"logprobs must be true, false or an integer from 0 to {MaxTopLogprobs}.");
            }
        }

        if (Int(root, "top_logprobs") is { } top)
        {
            TopLogprobs = top is >= 0 and <= MaxTopLogprobs ? top : throw InferenceError.Invalid($"top_logprobs must be between 0 and {MaxTopLogprobs}, not {top}.");
        }

        ReturnTokenIds = Bool(root, "return_token_ids") ?? false;
        RawOutput = Bool(root, "raw_output") ?? false;
        PerfMetrics = Bool(root, "perf_metrics_in_response") ?? false;
        PromptCacheKey = String(root, "prompt_cache_key");
        User = String(root, "user");
        if (Bool(root, "echo") == true || Int(root, "echo_last") is > 0)
        {
            throw InferenceError.Invalid("echo and echo_last are not emulated: the toy model does not score prompt tokens.");
        }

        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object &&
            format.TryGetProperty("type", out var type) && type.GetString() is { } kind && kind != "text")
        {
            throw InferenceError.Invalid($"response_format '{kind}' is not emulated: the toy model generates words, not constrained JSON or grammars.");
        }

        if (root.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Array && images.GetArrayLength() > 0)
        {
            throw InferenceError.Invalid("images are not emulated on /v1/completions; send them as image_url parts to /v1/chat/completions.");
        }
    }

    private static int? Int(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw InferenceError.Invalid($"{name} must be an integer.");
    }

    private static double? Number(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw InferenceError.Invalid($"{name} must be a number.");
    }

    private static bool? Bool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw InferenceError.Invalid($"{name} must be true or false."),
        };
    }

    private static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw InferenceError.Invalid($"{name} must be a string.");
    }
}
