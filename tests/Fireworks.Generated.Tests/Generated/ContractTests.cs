using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// For every operation in the generated manifest: call the generated method against an in-process fake that checks
/// the request against the spec (method, path, query names, headers, body shape, update mask) and answers with a
/// sample built from the response schema.
/// </summary>
public sealed class ContractTests
{
    private const string Account = "acct-1";

    public static TheoryData<string> OperationIds()
    {
        var data = new TheoryData<string>();
        foreach (var op in FireworksOperations.All.Where(o => o.Spec == RawSpec.GatewayFile)) data.Add(op.OperationId);
        return data;
    }

    [Fact]
    public void The_manifest_exposes_all_198_operations_as_methods()
    {
        var gateway = FireworksOperations.All.Where(o => o.Spec == RawSpec.GatewayFile).ToList();
        Assert.Equal(198, gateway.Count);
        var specIds = RawSpec.Map(RawSpec.Gateway.Root, "paths")!.Children.Values.OfType<YamlMappingNode>()
            .SelectMany(item => item.Children.Values.OfType<YamlMappingNode>())
            .Select(op => RawSpec.Str(op, "operationId"))
            .Where(id => id is not null)
            .ToHashSet();
        Assert.Equal(specIds.OrderBy(x => x), gateway.Select(o => o.OperationId).OrderBy(x => x));
        foreach (var op in gateway)
        {
            var client = typeof(FireworksClient).GetProperty(op.Client);
            Assert.True(client is not null, $"FireworksClient.{op.Client} is missing for {op.OperationId}");
            Assert.True(client!.PropertyType.GetMethods().Any(m => m.Name == op.MethodName), $"{op.Client}.{op.MethodName} is missing");
        }
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public async Task Generated_method_sends_what_the_spec_declares(string operationId)
    {
        var descriptor = FireworksOperations.All.Single(o => o.OperationId == operationId);
        var spec = RawSpec.Gateway;
        var operation = spec.Operation(descriptor.Path, descriptor.HttpMethod);
        var handler = new SpecCheckingHandler(spec, descriptor, operation);
        using var client = new FireworksClient(new FireworksClientOptions
        {
            ApiKey = "test-key",
            AccountId = Account,
            BaseUrl = new Uri("http://127.0.0.1:1/"),
            HttpMessageHandler = handler,
        });

        var task = GeneratedCall.Invoke(client, descriptor);
        await task;

        Assert.Equal(1, handler.Calls);
        Assert.Empty(handler.Problems);
        if (descriptor.ResponseType is not null)
        {
            var result = task.GetType().GetProperty("Result")!.GetValue(task);
            Assert.NotNull(result);
            Assert.IsType(descriptor.ResponseType, result);
        }
    }

    /// <summary>Checks each request against the spec and answers with a schema-built sample.</summary>
    private sealed class SpecCheckingHandler(RawSpec spec, OperationDescriptor descriptor, YamlMappingNode operation) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public List<string> Problems { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            Check(request.Method.Method == descriptor.HttpMethod, $"method {request.Method} != {descriptor.HttpMethod}");

            var pattern = "^" + Regex.Replace(Regex.Escape(descriptor.Path), @"\\\{([a-z_]+)}", m => m.Groups[1].Value == "account_id" ? Account : "[^/?]+") + "$";
            var path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
            Check(Regex.IsMatch(path, pattern), $"path {path} does not match {descriptor.Path}");
            Check(request.Headers.Authorization?.Scheme == "Bearer", "no bearer token");

            var declared = spec.Parameters(operation).ToList();
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
            var declaredQuery = declared.Where(p => RawSpec.Str(p, "in") == "query").Select(p => RawSpec.Str(p, "name")!).ToHashSet();
            foreach (var key in query.AllKeys)
            {
                Check(key is not null && (declaredQuery.Contains(key) || (key == "updateMask" && descriptor.HttpMethod == "PATCH")), $"query '{key}' is not declared");
            }
            foreach (var required in declared.Where(p => RawSpec.Str(p, "in") == "query" && RawSpec.Str(p, "required") == "true"))
            {
                Check(query[RawSpec.Str(required, "name")!] is not null, $"required query '{RawSpec.Str(required, "name")}' missing");
            }
            foreach (var header in declared.Where(p => RawSpec.Str(p, "in") == "header" && RawSpec.Str(p, "required") == "true"))
            {
                Check(request.Headers.Contains(RawSpec.Str(header, "name")!), $"header '{RawSpec.Str(header, "name")}' missing");
            }

            var bodySchema = RawSpec.Map(RawSpec.Map(RawSpec.Map(RawSpec.Map(operation, "requestBody"), "content"), "application/json"), "schema");
            if (bodySchema is null)
            {
                Check(request.Content is null, "a body was sent but none is declared");
            }
            else
            {
                var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
                var properties = spec.Properties(bodySchema).Select(p => p.Key).ToHashSet();
                foreach (var name in body.Select(p => p.Key)) Check(properties.Contains(name), $"body property '{name}' is not in the schema");
                if (descriptor.HttpMethod == "PATCH")
                {
                    var mask = query["updateMask"];
                    Check(!string.IsNullOrEmpty(mask), "PATCH without updateMask");
                    var snake = properties.ToDictionary(p => Regex.Replace(p, "([A-Z])", m => "_" + m.Value.ToLowerInvariant()), p => p);
                    foreach (var maskPath in (mask ?? "").Split(','))
                    {
                        Check(snake.ContainsKey(maskPath), $"updateMask path '{maskPath}' is not a snake_case body field");
                        Check(snake.TryGetValue(maskPath, out var jsonName) && body.ContainsKey(jsonName), $"updateMask path '{maskPath}' names a field the body does not set");
                    }
                }
            }

            var responseSchema = RawSpec.Map(RawSpec.Map(RawSpec.Map(RawSpec.Map(RawSpec.Map(operation, "responses"), "200"), "content"), "application/json"), "schema");
            var responseJson = responseSchema is null ? "{}" : spec.Sample(responseSchema)!.ToJsonString();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(responseJson, Encoding.UTF8, "application/json") };
        }

        private void Check(bool condition, string problem)
        {
            if (!condition) Problems.Add(descriptor.OperationId + ": " + problem);
        }
    }
}
