using System.Net;
using Fireworks.Models;
using Fireworks.Serialization;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.Lro;

public sealed class OperationTests
{
    private const string OperationName = "accounts/test-account/operations/import-42";

    private static readonly ImportModelBody S3Import = new() { AwsS3Source = new AwsS3ModelSource { S3Bucket = "bucket" } };

    private static string Pending(string metadata = "") =>
        $$"""{"name": "{{OperationName}}", "done": false{{metadata}}}""";

    private static string DoneWithModel(string type = "type.googleapis.com/gateway.Model") =>
        $$$"""{"name": "{{{OperationName}}}", "done": true, "response": {"@type": "{{{type}}}", "name": "accounts/test-account/models/llama-ft", "displayName": "Imported", "state": "READY"}}""";

    [Fact]
    public async Task ImportPollsTheOperationUntilDoneAndUnpacksTheModel()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Pending()).ThenOk(Pending()).ThenOk(Pending()).ThenOk(DoneWithModel());
        using var client = Client(server, clock);
        var progress = new ProgressLog<WaitProgress<LongRunningOperation, OperationState>>();

        var model = await clock.DriveAsync(client.Models.ImportAndWaitAsync("llama-ft", S3Import, Exact, progress));

        Assert.Equal("accounts/test-account/models/llama-ft", model.Name);
        Assert.Equal("Imported", model.DisplayName);
        Assert.Equal(ModelState.Ready, model.State);
        Assert.Equal(
            [
                "POST /v1/accounts/test-account/models/llama-ft:import",
                $"GET /v1/{OperationName}",
                $"GET /v1/{OperationName}",
                $"GET /v1/{OperationName}",
            ],
            server.Requests);
        Assert.Contains("awsS3Source", server.Bodies[0], StringComparison.Ordinal);
        Assert.Equal([Seconds(1), Seconds(2)], clock.Armed); // the POST returned it pending; three GETs
        Assert.Equal([OperationState.Running, OperationState.Succeeded], progress.Reports.Select(static report => report.State!.Value));
    }

    [Fact]
    public async Task AnOperationDoneWithAnErrorThrowsItsRpcCodeAndMessage()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Pending())
            .ThenOk($$$"""{"name": "{{{OperationName}}}", "done": true, "error": {"code": 7, "message": "no access to s3://bucket/model", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "S3_ACCESS_DENIED"}]}}""");
        using var client = Client(server, clock);

        var operation = await client.Models.StartImportAsync("llama-ft", S3Import);
        var exception = await clock.DriveToFailureAsync<OperationFailedException, Model>(operation.WaitForCompletionAsync(Exact));

        Assert.Equal(7, exception.StatusCode);
        Assert.Equal("PERMISSION_DENIED", exception.CodeName);
        Assert.True(exception.IsPermissionDenied);
        Assert.Equal("no access to s3://bucket/model", exception.ServerMessage);
        Assert.Equal(0, exception.HttpStatus);
        Assert.Equal(OperationName, exception.OperationName);
        Assert.Equal("Gateway_ImportModel", exception.OperationId);
        Assert.Equal("S3_ACCESS_DENIED", Assert.Single(exception.Details).GetProperty("reason").GetString());
        Assert.Equal($"Operation {OperationName} (Gateway_ImportModel) failed: PERMISSION_DENIED: no access to s3://bucket/model", exception.Message);
        Assert.True(operation.IsDone);
        Assert.Equal(OperationState.Failed, Operation<Model>.StateOf(operation.Current));
        Assert.Throws<OperationFailedException>(() => operation.GetResult());
    }

    [Fact]
    public async Task AnOperationThatNeverFinishesTimesOut()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Pending()).ThenOk(Enumerable.Repeat(Pending(), 20));
        using var client = Client(server, clock);
        var options = new WaitOptions { InitialInterval = Seconds(10), Multiplier = 1, Jitter = 0, Timeout = TimeSpan.FromMinutes(1) };

        var operation = await client.Models.StartImportAsync("llama-ft", S3Import);
        var exception = await clock.DriveToFailureAsync<WaitTimeoutException, Model>(operation.WaitForCompletionAsync(options), skip: 1);

        Assert.Equal(6, exception.PollCount); // 0, 10, …, 50 s
        Assert.Equal(7, server.Requests.Count);
        Assert.Equal(OperationState.Running, exception.LastState);
        Assert.Contains($"Operation {OperationName}", exception.Message, StringComparison.Ordinal);
        Assert.False(operation.IsDone);
        Assert.Throws<InvalidOperationException>(() => operation.GetResult());
    }

    [Fact]
    public async Task AnOperationDoneAtOnceNeedsNoPoll()
    {
        var server = new ScriptedServer().ThenOk(DoneWithModel());
        using var client = Client(server, new PollingClock());

        var operation = await client.Models.StartImportAsync("llama-ft", S3Import);
        var model = await operation.WaitForCompletionAsync();

        Assert.Equal("Imported", model.DisplayName);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AResponseOfAnotherTypeIsReportedNotMisread()
    {
        var server = new ScriptedServer().ThenOk(DoneWithModel(type: "type.googleapis.com/google.protobuf.Empty"));
        using var client = Client(server, new PollingClock());

        var operation = await client.Models.StartImportAsync("llama-ft", S3Import);
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => operation.WaitForCompletionAsync());

        Assert.Contains("'type.googleapis.com/google.protobuf.Empty', not a Model", exception.Message, StringComparison.Ordinal);
        Assert.Equal("google.protobuf.Empty", operation.Current.Response!.GetMessageName());
    }

    [Fact]
    public async Task DeployReturnsThePackedResponseWhichUnpacksOnRequest()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk("""{"name": "accounts/test-account/operations/deploy-7", "done": false}""")
            .ThenOk("""{"name": "accounts/test-account/operations/deploy-7", "done": true, "response": {"@type": "type.googleapis.com/gateway.Deployment", "name": "accounts/test-account/deployments/dep-1", "state": "READY"}}""");
        using var client = Client(server, clock);

        var operation = await client.ModelVersions.StartDeployAsync("llama-ft", "v2", new DeployModelVersionBody { Deployment = "accounts/test-account/deployments/dep-1", RolloutStrategy = new RolloutStrategy() });
        var response = await clock.DriveAsync(operation.WaitForCompletionAsync(Exact));

        Assert.Equal("POST /v1/accounts/test-account/models/llama-ft/versions/v2:deploy", server.Requests[0]);
        Assert.Equal("GET /v1/accounts/test-account/operations/deploy-7", server.Requests[1]);
        Assert.Equal("gateway.Deployment", response.GetMessageName());
        Assert.True(response.Is<Deployment>());
        Assert.False(response.Is<Model>());
        var deployment = response.Unpack(FireworksJsonContext.Default.Deployment);
        Assert.Equal(DeploymentState.Ready, deployment.State);
        Assert.Throws<InvalidOperationException>(() => response.Unpack(FireworksJsonContext.Default.Model));
    }

    [Fact]
    public async Task AResumedOperationPollsItsNameAsThePath()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk("""{"name": "accounts/test-account/operations/op-1.x_y~z", "done": true, "response": {"@type": "type.googleapis.com/gateway.Model", "name": "m"}}""");
        using var client = Client(server, clock);

        var operation = client.ResumeOperation("accounts/test-account/operations/op-1.x_y~z", FireworksJsonContext.Default.Model);
        var model = await clock.DriveAsync(operation.WaitForCompletionAsync());

        Assert.Equal("m", model.Name);
        Assert.Equal(["GET /v1/accounts/test-account/operations/op-1.x_y~z"], server.Requests);
    }

    [Theory]
    [InlineData("accounts/test-account/operations/a b?c")]
    [InlineData("accounts/test-account/operations/a%2Fb")]
    [InlineData("accounts/test-account/operations/.")]
    [InlineData("/accounts/a/operations/1")]
    [InlineData("accounts//operations/1")]
    [InlineData("accounts/a/../b")]
    public void AnOperationNameThatIsNotAResourceNameIsRejected(string name)
    {
        using var client = Client(new ScriptedServer(), new PollingClock());

        var exception = Assert.Throws<ArgumentException>(() => client.ResumeOperation(name));
        Assert.Contains(name, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransientErrorsWhilePollingAnOperationAreTolerated()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenError(HttpStatusCode.ServiceUnavailable, ("Retry-After", "5"))
            .ThenOk(DoneWithModel());
        using var client = Client(server, clock);

        var model = await clock.DriveAsync(client.ResumeOperation(OperationName, FireworksJsonContext.Default.Model).WaitForCompletionAsync(Exact));

        Assert.Equal("Imported", model.DisplayName);
        Assert.Equal([Seconds(5)], clock.Armed);
    }

    [Fact]
    public async Task AnUnnamedPendingOperationCannotBePolled()
    {
        var server = new ScriptedServer().ThenOk("""{"done": false}""");
        using var client = Client(server, new PollingClock());

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Models.StartImportAsync("llama-ft", S3Import));
        Assert.Contains("Gateway_ImportModel", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrorWithCodeOkIsNoError()
    {
        Assert.Equal(OperationState.Succeeded, Operation<Model>.StateOf(new LongRunningOperation { Done = true, Error = new RpcStatus { Code = 0 } }));
        Assert.Equal(OperationState.Succeeded, Operation<Model>.StateOf(new LongRunningOperation { Done = true, Error = new RpcStatus() }));
        Assert.Equal(OperationState.Failed, Operation<Model>.StateOf(new LongRunningOperation { Done = true, Error = new RpcStatus { Code = 13 } }));
        Assert.Equal(OperationState.Running, Operation<Model>.StateOf(new LongRunningOperation { Done = false, Error = new RpcStatus { Code = 13 } }));
        Assert.Equal(OperationState.Running, Operation<Model>.StateOf(new LongRunningOperation()));
    }
}
