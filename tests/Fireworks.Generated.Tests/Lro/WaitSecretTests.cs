using Fireworks.Models;
using Fireworks.Tests.Core.Infrastructure;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.Lro;

/// <summary>
/// A call that sends a body secret and then waits (import-and-wait, create-and-wait) hands out the server's failure
/// text of the wait too: the operation's error or the resource's status message. When the server quotes the secret
/// there, it is cut as it is from the starting call's own errors; so is the API key.
/// </summary>
public sealed class WaitSecretTests
{
    private const string OperationName = "accounts/test-account/operations/import-7";
    private const string AwsSecret = "aws-secret-0123456789abcdefghijklmnopqrstuv";
    private const string RouteKey = "direct-route-key-CCCCCCCCCCCCCCCCCCCC";
    private const string WandbKey = "wandb_fedcba9876543210fedcba9876543210fedcba98";

    private static ImportModelBody Import => new()
    {
        AwsS3Source = new AwsS3ModelSource { S3Bucket = "visible-bucket", AccessKeyId = "AKIAVISIBLE", AccessSecret = AwsSecret },
    };

    private static string FailedOperation(string quoted) =>
        $$$"""{"name": "{{{OperationName}}}", "done": true, "error": {"code": 7, "message": "s3 refused visible-bucket for {{{quoted}}}", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "S3_ACCESS_DENIED", "metadata": {"secret": "{{{quoted}}}"}}]}}""";

    [Fact]
    public async Task An_import_whose_operation_fails_quoting_the_aws_secret_leaves_it_out_of_the_exception()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk($$"""{"name": "{{OperationName}}", "done": false}""")
            .ThenOk(FailedOperation(AwsSecret));
        var logs = new CapturingLoggerFactory();
        using var client = Client(server, clock, logs);

        var exception = await clock.DriveToFailureAsync<OperationFailedException, Model>(client.Models.ImportAndWaitAsync("m1", Import, Exact));

        LeakOracle.AssertClean(AwsSecret, LeakOracle.Texts(exception).Concat(LeakOracle.Texts(logs)));
        Assert.Contains("s3 refused visible-bucket for [REDACTED]", exception.Message, StringComparison.Ordinal);
        Assert.Equal("S3_ACCESS_DENIED", Assert.Single(exception.Details).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_import_answered_with_a_failed_operation_leaves_the_aws_secret_out_of_the_exception()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(FailedOperation(AwsSecret));
        using var client = Client(server, clock);

        var operation = await client.Models.StartImportAsync("m1", Import);
        var fromResult = Assert.Throws<OperationFailedException>(operation.GetResult);
        var fromWait = await Assert.ThrowsAsync<OperationFailedException>(() => operation.WaitForCompletionAsync(Exact));

        LeakOracle.AssertClean(AwsSecret, LeakOracle.Texts(fromResult).Concat(LeakOracle.Texts(fromWait)));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_failed_operation_quoting_the_api_key_leaves_it_out_of_the_exception()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk($$"""{"name": "{{OperationName}}", "done": false}""")
            .ThenOk(FailedOperation("fw_test_key"));
        using var client = Client(server, clock);

        var operation = await client.Models.StartImportAsync("m1", new ImportModelBody { AwsS3Source = new AwsS3ModelSource { S3Bucket = "b" } });
        var exception = await clock.DriveToFailureAsync<OperationFailedException, Model>(operation.WaitForCompletionAsync(Exact));

        LeakOracle.AssertClean("fw_test_key", LeakOracle.Texts(exception));
    }

    [Fact]
    public async Task A_deployment_created_and_failed_quoting_its_direct_route_key_leaves_it_out_of_the_exception_and_logs()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Deployment("CREATING"))
            .ThenOk(Deployment("FAILED", "INVALID_ARGUMENT", "direct route key " + RouteKey + " is malformed"));
        var logs = new CapturingLoggerFactory();
        using var client = Client(server, clock, logs);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, Deployment>(client.Deployments.CreateAndWaitAsync(
            new Deployment { BaseModel = "accounts/fireworks/models/llama", DirectRouteApiKeys = [RouteKey] }, deploymentId: "dep-1", waitOptions: Exact));

        LeakOracle.AssertClean(RouteKey, LeakOracle.Texts(exception).Concat(LeakOracle.Texts(logs)));
        Assert.Equal("direct route key [REDACTED] is malformed", exception.StatusMessage);
    }

    [Fact]
    public async Task A_trainer_created_and_failed_quoting_its_wandb_key_leaves_it_out_of_the_exception_and_logs()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_CREATING"))
            .ThenOk(Job("JOB_STATE_FAILED", "UNAUTHENTICATED", "wandb login failed for " + WandbKey));
        var logs = new CapturingLoggerFactory();
        using var client = Client(server, clock, logs);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, RlorTrainerJob>(client.RlorTrainerJobs.CreateAndWaitForStateAsync(
            new RlorTrainerJob { WandbConfig = new WandbConfig { ApiKey = WandbKey } }, JobState.Running, rlorTrainerJobId: "grpo-1", waitOptions: Exact));

        LeakOracle.AssertClean(WandbKey, LeakOracle.Texts(exception).Concat(LeakOracle.Texts(logs)));
        Assert.Equal("wandb login failed for [REDACTED]", exception.StatusMessage);
    }
}
