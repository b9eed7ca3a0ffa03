using System.Net;
using System.Text;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// No id can reach a path other than its own: for every operation of every spec in the manifest and every path
/// parameter (ids and the account), a hostile value is refused with an <see cref="ArgumentException"/> naming the
/// C# parameter before anything is sent, and a legal value arrives as exactly one path segment at its position.
/// </summary>
public sealed class PathIdTests
{
    private const string Account = "acct-1";

    /// <summary>Values that must never reach the server (the test's own list, not the SDK's rule).</summary>
    private static readonly string?[] Hostile =
    [
        null, "", ".", "..", "a/b", "/", "../x", "..%2f", "%2e%2e", "%2E%2E", "a%2Fb", "%00", "\u0000", "a\u0000b", "\n", "a\r\nX-Injected: 1",
        "\u0085", "\u007f", " ", " x", "x ", "a b", "\t", "a\\b", "..\\", "\uFF0E\uFF0E", "\uFF0E", "\u2024\u2024", "\uFE52", "a\uFF0Fb", "a\u2215b",
        "\u3002", "a?b", "a#b", "a;b", "a:b", "x:undelete", "a@b", "a&b=c", "\u202Eevil", "\u00E9", "\uD83D\uDE00",
    ];

    /// <summary>Ids the API accepts or may accept: each must arrive as exactly one segment, unchanged.</summary>
    private static readonly string[] Legal = ["my-id", "a", "-", "12345678", "kimi-k2.6", "...", "a.b", "Upper_Case~1", "x--y"];

    public static TheoryData<string> OperationsWithPathParameters()
    {
        var data = new TheoryData<string>();
        foreach (var op in FireworksOperations.All.Where(o => o.PathParameters.Count > 0)) data.Add(op.Spec + "#" + op.OperationId);
        return data;
    }

    [Fact]
    public void Every_spec_is_covered_and_every_path_parameter_maps_to_a_method_parameter()
    {
        Assert.Equal(
            Directory.GetFiles(Path.Combine(RawSpec.RepoRoot(), "spec"), "*.openapi.yaml").Select(Path.GetFileName).Order(),
            FireworksOperations.All.Select(o => o.Spec).Distinct().Order());
        Assert.True(FireworksOperations.All.Count(o => o.PathParameters.Count > 0) > 150);
        using var client = NewClient(new RecordingHandler());
        foreach (var op in FireworksOperations.All)
        {
            var method = GeneratedCall.Method(client, op, out _);
            foreach (var wire in op.PathParameters)
            {
                Assert.True(method.GetParameters().Any(p => p.Name == CSharpName(wire)), $"{op.OperationId}: no parameter for {{{wire}}}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OperationsWithPathParameters))]
    public async Task No_value_of_a_path_parameter_reaches_another_path(string key)
    {
        var op = FireworksOperations.All.Single(o => o.Spec + "#" + o.OperationId == key);
        var problems = new List<string>();
        foreach (var wire in op.PathParameters)
        {
            var name = CSharpName(wire);
            // A null account means "the client's account"; everything else in the list is hostile for every parameter.
            foreach (var value in Hostile.Where(v => v is not null || name != "accountId"))
            {
                var handler = new RecordingHandler();
                using var client = NewClient(handler);
                var exception = await Record(() => GeneratedCall.Invoke(client, op, p => p.Name == name ? (true, value) : (false, null)));
                if (exception is not ArgumentException argument || argument.ParamName != name || handler.Requests.Count != 0)
                {
                    problems.Add($"{op.OperationId} {name}={Show(value)}: {(exception is null ? "no exception" : exception.GetType().Name + " " + (exception as ArgumentException)?.ParamName + " " + exception.Message)}, {handler.Requests.Count} request(s)");
                }
                else if (!argument.Message.Contains(name, StringComparison.Ordinal))
                {
                    problems.Add($"{op.OperationId} {name}={Show(value)}: the message does not name the parameter: {argument.Message}");
                }
            }

            foreach (var value in Legal)
            {
                var handler = new RecordingHandler();
                using var client = NewClient(handler);
                var exception = await Record(() => GeneratedCall.Invoke(client, op, p => p.Name == name ? (true, value) : (false, null)));
                if (exception is not null || handler.Requests.Count != 1)
                {
                    problems.Add($"{op.OperationId} {name}={Show(value)}: {exception?.Message ?? "ok"}, {handler.Requests.Count} request(s)");
                    continue;
                }

                var expected = Segments(op.Path);
                var actual = handler.Requests[0].AbsolutePath.Split('/');
                // The vendor spec declares a few path parameters its path does not use (Gateway_GetApiKey's keyId): those
                // only need to leave the path's shape alone.
                var index = Array.FindIndex(expected, s => s.Contains("{" + wire + "}", StringComparison.Ordinal));
                if (actual.Length != expected.Length || (index >= 0 && actual[index] != expected[index].Replace("{" + wire + "}", value, StringComparison.Ordinal)))
                {
                    problems.Add($"{op.OperationId} {name}={Show(value)}: sent {handler.Requests[0].AbsolutePath} for {op.Path}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_issue_repros_are_refused_before_anything_is_sent()
    {
        var handler = new RecordingHandler();
        using var client = NewClient(handler);

        var version = await Assert.ThrowsAsync<ArgumentException>(() => client.EvaluatorVersions.DeleteAsync("keep-me", ".."));
        var parent = await Assert.ThrowsAsync<ArgumentException>(() => client.Datasets.GetAsync(".."));
        var collection = await Assert.ThrowsAsync<ArgumentException>(() => client.Datasets.GetAsync("."));
        var account = await Assert.ThrowsAsync<ArgumentException>(() => client.Datasets.GetAsync("my-dataset", accountId: ".."));
        var listAccount = Assert.Throws<ArgumentException>(() => client.Datasets.ListAsync(accountId: ".."));

        Assert.Equal("versionId", version.ParamName);
        Assert.Equal("datasetId", parent.ParamName);
        Assert.Equal("datasetId", collection.ParamName);
        Assert.Equal("accountId", account.ParamName);
        Assert.Equal("accountId", listAccount.ParamName);
        Assert.Contains("parent resource", parent.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void A_client_account_that_is_not_one_segment_is_refused_at_construction()
    {
        var exception = Assert.Throws<ArgumentException>(() => new FireworksClient(new FireworksClientOptions { ApiKey = "k", AccountId = ".." }));
        Assert.Contains("FireworksClientOptions.AccountId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waits_take_an_id_or_a_full_resource_name_and_refuse_names_that_leave_their_collection()
    {
        var handler = new RecordingHandler("""{"name": "accounts/other/deployments/d1", "state": "READY"}""");
        using var client = NewClient(handler);

        await client.Deployments.WaitForCompletionAsync("accounts/other/deployments/d1");
        await client.Deployments.WaitForCompletionAsync("d1");

        Assert.Equal("/v1/accounts/other/deployments/d1", handler.Requests[0].AbsolutePath);
        Assert.Equal($"/v1/accounts/{Account}/deployments/d1", handler.Requests[1].AbsolutePath);
        foreach (var bad in new[] { "accounts/other/deployments/..", "accounts/../deployments/d1", "a/b", "accounts/x/deployments/d1/", "accounts//deployments/d1", "..", "accounts/a/deployments/d%2e" })
        {
            var exception = Assert.ThrowsAny<ArgumentException>(() => { _ = client.Deployments.WaitForCompletionAsync(bad); });
            Assert.Equal("deploymentId", exception.ParamName);
        }

        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData("accounts/other/models/d1")]                  // another collection: its id would be read as a deployment's
    [InlineData("accounts/other/deployments/d1/versions/v1")] // a resource inside a deployment: v1 is no deployment id
    [InlineData("accounts/other")]                            // the account itself
    public async Task A_wait_refuses_a_name_of_another_collection_or_of_a_resource_inside_one(string name)
    {
        var handler = new RecordingHandler("""{"name": "accounts/other/deployments/d1", "state": "READY"}""");
        using var client = NewClient(handler);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.Deployments.WaitForCompletionAsync(name));

        Assert.Equal("deploymentId", exception.ParamName);
        Assert.Contains($"'{name}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("an id or a full name accounts/{account_id}/deployments/{deployment_id}", exception.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_wait_refuses_a_name_whose_account_contradicts_accountId_and_takes_one_that_agrees()
    {
        var handler = new RecordingHandler("""{"name": "accounts/mine/deployments/d1", "state": "READY"}""");
        using var client = NewClient(handler);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.Deployments.WaitForCompletionAsync("accounts/other/deployments/d1", accountId: "mine"));
        await client.Deployments.WaitForCompletionAsync("accounts/mine/deployments/d1", accountId: "mine");

        Assert.Equal("deploymentId", exception.ParamName);
        Assert.Contains("account 'other'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("accountId is 'mine'", exception.Message, StringComparison.Ordinal);
        Assert.Equal("/v1/accounts/mine/deployments/d1", Assert.Single(handler.Requests).AbsolutePath);
    }

    [Fact]
    public async Task A_nested_wait_reads_each_id_at_its_own_level_and_refuses_names_that_disagree_with_the_call()
    {
        var handler = new RecordingHandler("""{"name": "accounts/a/trainingSessionJobs/j1/trainingSessions/s1", "state": "READY"}""");
        using var client = NewClient(handler);
        const string Session = "accounts/a/trainingSessionJobs/j1/trainingSessions/s1";

        await client.TrainingSessions.WaitForCompletionAsync("accounts/a/trainingSessionJobs/j1", Session);
        await client.TrainingSessions.WaitForCompletionAsync("j1", Session);
        var otherJob = await Assert.ThrowsAsync<ArgumentException>(() => client.TrainingSessions.WaitForCompletionAsync("j2", Session));
        var otherAccount = await Assert.ThrowsAsync<ArgumentException>(() => client.TrainingSessions.WaitForCompletionAsync("accounts/b/trainingSessionJobs/j1", Session));
        var sessionAsJob = await Assert.ThrowsAsync<ArgumentException>(() => client.TrainingSessions.WaitForCompletionAsync(Session, "s1"));
        var jobAsSession = await Assert.ThrowsAsync<ArgumentException>(() => client.TrainingSessions.WaitForCompletionAsync("j1", "accounts/a/trainingSessionJobs/j1"));

        Assert.Equal(["/v1/accounts/a/trainingSessionJobs/j1/trainingSessions/s1", "/v1/accounts/a/trainingSessionJobs/j1/trainingSessions/s1"], handler.Requests.Select(r => r.AbsolutePath));
        Assert.Equal("trainingSessionId", otherJob.ParamName);
        Assert.Contains("trainingSessionJobs 'j1', but the call names trainingSessionJobs 'j2'", otherJob.Message, StringComparison.Ordinal);
        Assert.Equal("trainingSessionId", otherAccount.ParamName);
        Assert.Contains("account 'a'", otherAccount.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", otherAccount.Message, StringComparison.Ordinal);
        Assert.Equal("trainingSessionJobId", sessionAsJob.ParamName);
        Assert.Contains("accounts/{account_id}/trainingSessionJobs/{training_session_job_id};", sessionAsJob.Message, StringComparison.Ordinal);
        Assert.Equal("trainingSessionId", jobAsSession.ParamName);
    }

    [Fact]
    public async Task Upload_and_download_helpers_refuse_a_name_of_another_collection_or_account_before_anything_is_sent()
    {
        // Every answer is a ready resource, so a helper that took the name would finish (and the test fail) rather than wait.
        var handler = new RecordingHandler("""{"name": "accounts/a/datasets/m", "state": "READY"}""");
        using var client = NewClient(handler);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{\"messages\": []}\n");
            var directory = Path.Combine(Path.GetTempPath(), "fireworks-names-" + Guid.NewGuid().ToString("N"));

            var upload = await Assert.ThrowsAsync<ArgumentException>(() => client.Datasets.UploadAsync("accounts/a/models/m", file));
            var download = await Assert.ThrowsAsync<ArgumentException>(() => client.Models.DownloadAsync("accounts/a/datasets/d", directory));
            var otherAccount = await Assert.ThrowsAsync<ArgumentException>(() => client.Datasets.DownloadAsync("accounts/other/datasets/d", directory, accountId: "mine"));
            var evaluator = await Assert.ThrowsAsync<ArgumentException>(() => client.Evaluators.DownloadSourceAsync("accounts/a/evaluators/e/versions/v", directory));
            var batch = await Assert.ThrowsAsync<ArgumentException>(() => client.BatchInferenceJobs.DownloadOutputAsync("accounts/a/datasets/d", directory));

            Assert.Equal("datasetId", upload.ParamName);
            Assert.Contains("accounts/{account_id}/datasets/{dataset_id}", upload.Message, StringComparison.Ordinal);
            Assert.Equal("modelId", download.ParamName);
            Assert.Contains("accounts/{account_id}/models/{model_id}", download.Message, StringComparison.Ordinal);
            Assert.Equal("datasetId", otherAccount.ParamName);
            Assert.Contains("'mine'", otherAccount.Message, StringComparison.Ordinal);
            Assert.Equal("evaluatorId", evaluator.ParamName);
            Assert.Equal("batchInferenceJobId", batch.ParamName);
            Assert.Empty(handler.Requests);
            Assert.False(Directory.Exists(directory));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Operation_names_resumed_by_the_caller_follow_the_same_rule()
    {
        using var client = NewClient(new RecordingHandler());
        Assert.Throws<ArgumentException>(() => client.ResumeOperation("accounts/me/operations/../../datasets/x"));
        Assert.Throws<ArgumentException>(() => client.ResumeOperation("accounts/me/operations/a%2Fb"));
        Assert.NotNull(client.ResumeOperation("accounts/me/operations/op-123"));
    }

    private static string CSharpName(string wire)
    {
        if (wire == "account_id") return "accountId";
        var builder = new StringBuilder();
        var upper = false;
        foreach (var c in wire)
        {
            if (c == '_') { upper = true; continue; }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    private static string[] Segments(string specPath) => specPath.Split('/');

    private static string Show(string? value) => value is null ? "null" : "'" + string.Concat(value.Select(c => c < 0x20 || c > 0x7e ? $"\\u{(int)c:x4}" : c.ToString())) + "'";

    private static async Task<Exception?> Record(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static FireworksClient NewClient(RecordingHandler handler) => new(new FireworksClientOptions
    {
        ApiKey = "test-key",
        AccountId = Account,
        BaseUrl = new Uri("http://127.0.0.1:1/"),
        HttpMessageHandler = handler,
        MaxRetries = 0,
    });

    /// <summary>Records the raw path of every request and answers 200 with a fixed JSON body.</summary>
    private sealed class RecordingHandler(string body = "{}") : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
