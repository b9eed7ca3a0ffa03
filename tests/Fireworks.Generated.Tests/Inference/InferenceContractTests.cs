using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Generated.Tests.Generated;
using Fireworks.Serialization;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Tests.Inference;

/// <summary>
/// Both inference operations, as a JSON call and as a stream, against a fake that checks each request against the
/// spec (method, path under the inference base URL, auth, Accept, body properties and required ones, the stream
/// flag) and answers with samples built from the declared response schemas.
/// </summary>
public sealed class InferenceContractTests
{
    public static TheoryData<string, bool> Calls()
    {
        var data = new TheoryData<string, bool>();
        foreach (var op in FireworksOperations.All.Where(o => o.Spec == InferenceSpec.File))
        {
            data.Add(op.OperationId, false);
            data.Add(op.OperationId, true);
        }

        return data;
    }

    [Fact]
    public void Every_operation_of_every_spec_is_in_the_manifest()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RawSpec.RepoRoot(), "spec"), "*.openapi.yaml"))
        {
            var spec = RawSpec.Load(Path.GetFileName(file));
            var declared = RawSpec.Map(spec.Root, "paths")!.Children.Values.OfType<YamlMappingNode>()
                .SelectMany(item => item.Children.Values.OfType<YamlMappingNode>())
                .Select(op => RawSpec.Str(op, "operationId"))
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList();
            var generated = FireworksOperations.All.Where(o => o.Spec == spec.FileName).Select(o => o.OperationId).Order(StringComparer.Ordinal).ToList();
            Assert.True(declared.Count > 0, spec.FileName);
            Assert.Equal(declared, generated);
        }

        Assert.Equal(2, FireworksOperations.All.Count(o => o.Spec == InferenceSpec.File));
    }

    [Fact]
    public void The_default_inference_base_url_is_the_spec_server()
    {
        var servers = (YamlSequenceNode)RawSpec.Get(InferenceSpec.Spec.Root, "servers")!;
        var url = RawSpec.Str((YamlMappingNode)servers.Children[0], "url");
        Assert.Equal(url, new FireworksClientOptions().EffectiveInferenceBaseUrl.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:8080/inference", new FireworksClientOptions { BaseUrl = new Uri("http://127.0.0.1:8080") }.EffectiveInferenceBaseUrl.AbsoluteUri);
    }

    [Fact]
    public async Task The_inference_base_url_is_overridable_and_receives_the_key()
    {
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks)));
        using var client = ChatStreams.Client(handler, options => options.InferenceBaseUrl = new Uri("https://inference.example.test/v2/"));

        await foreach (var chunk in client.Chat.Completions.StreamAsync(ChatStreams.Request()))
        {
        }

        Assert.Equal("https://inference.example.test/v2/v1/chat/completions", handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("Bearer " + TestClients.ApiKey, handler.Requests[0].Header("Authorization"));
    }

    [Fact]
    public void The_inference_base_url_must_not_send_the_key_in_clear_text()
    {
        var exception = Assert.Throws<ArgumentException>(() => new FireworksClient(new FireworksClientOptions { ApiKey = "k", InferenceBaseUrl = new Uri("http://inference.example.test") }));
        Assert.Contains("InferenceBaseUrl", exception.Message, StringComparison.Ordinal);
        var fromEnvironment = FireworksClientOptions.FromEnvironment(name => name == FireworksClientOptions.InferenceBaseUrlVariable ? "http://127.0.0.1:7/inference" : null);
        Assert.Equal("http://127.0.0.1:7/inference", fromEnvironment.EffectiveInferenceBaseUrl.AbsoluteUri);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Generated_method_sends_what_the_spec_declares(string operationId, bool stream)
    {
        var descriptor = FireworksOperations.All.Single(o => o.OperationId == operationId);
        var operation = InferenceSpec.Spec.Operation(descriptor.Path, descriptor.HttpMethod);
        var handler = new SpecCheckingHandler(descriptor, operation, stream);
        using var client = new FireworksClient(new FireworksClientOptions { ApiKey = "test-key", BaseUrl = new Uri("http://127.0.0.1:1/"), HttpMessageHandler = handler });

        object group = client;
        foreach (var name in descriptor.Client.Split('.')) group = group.GetType().GetProperty(name)!.GetValue(group)!;
        var bodySchema = Content(RawSpec.Map(operation, "requestBody"), "application/json")!;
        var body = JsonSerializer.Deserialize(InferenceSpec.Sample(bodySchema)!.ToJsonString(), FireworksJsonContext.Default.GetTypeInfo(descriptor.BodyType!)!);
        var method = group.GetType().GetMethod(stream ? "StreamAsync" : "CreateAsync")!;

        var result = method.Invoke(group, [body, null, CancellationToken.None])!;
        if (stream)
        {
            var chunks = new List<object>();
            await foreach (var chunk in (IAsyncEnumerable<object>)result) chunks.Add(chunk);
            Assert.Equal(2, chunks.Count);
            Assert.All(chunks, chunk => Assert.IsType(FireworksOperations.SchemaTypes[InferenceSpec.File + "#" + StreamSchemaName(operation)], chunk));
        }
        else
        {
            var task = (Task)result;
            await task;
            Assert.IsType(descriptor.ResponseType!, task.GetType().GetProperty("Result")!.GetValue(task));
        }

        Assert.Equal(1, handler.Calls);
        Assert.Empty(handler.Problems);
    }

    private static string StreamSchemaName(YamlMappingNode operation) =>
        RawSpec.Str(Content(RawSpec.Map(RawSpec.Map(operation, "responses"), "200"), "text/event-stream"), "$ref")!.Split('/')[^1];

    private static YamlMappingNode? Content(YamlMappingNode? holder, string mediaType) =>
        RawSpec.Map(RawSpec.Map(RawSpec.Map(holder, "content"), mediaType), "schema");

    private sealed class SpecCheckingHandler(OperationDescriptor descriptor, YamlMappingNode operation, bool stream) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public List<string> Problems { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            Check(request.Method.Method == descriptor.HttpMethod, $"method {request.Method}");
            Check(request.RequestUri!.AbsolutePath == "/inference" + descriptor.Path, $"path {request.RequestUri.AbsolutePath}");
            Check(request.Headers.Authorization?.ToString() == "Bearer test-key", "no bearer key");
            Check(request.Headers.Accept.ToString() == (stream ? "text/event-stream" : "application/json"), $"Accept {request.Headers.Accept}");

            var bodySchema = InferenceSpec.Spec.Resolve(Content(RawSpec.Map(operation, "requestBody"), "application/json")!);
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            var declared = InferenceSpec.Spec.Properties(bodySchema).Select(p => p.Key).ToHashSet();
            foreach (var name in body.Select(p => p.Key)) Check(declared.Contains(name), $"body property '{name}' is not in the schema");
            if (RawSpec.Get(bodySchema, "required") is YamlSequenceNode required)
            {
                foreach (var name in required.Children.OfType<YamlScalarNode>()) Check(body.ContainsKey(name.Value!), $"required body property '{name.Value}' missing");
            }

            Check(stream ? body["stream"]?.GetValue<bool>() == true : body["stream"] is null, $"stream flag {body["stream"]}");

            var responses = RawSpec.Map(RawSpec.Map(operation, "responses"), "200");
            if (!stream)
            {
                var json = InferenceSpec.Sample(Content(responses, "application/json")!)!.ToJsonString();
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            }

            var chunk = InferenceSpec.Sample(Content(responses, "text/event-stream")!)!.ToJsonString();
            return ScriptedStream.Response(ScriptedStream.Of($"data: {chunk}\n\ndata: {chunk}\n\ndata: [DONE]\n\n"));
        }

        private void Check(bool condition, string problem)
        {
            if (!condition) Problems.Add($"{descriptor.OperationId} ({(stream ? "stream" : "json")}): {problem}");
        }
    }
}
