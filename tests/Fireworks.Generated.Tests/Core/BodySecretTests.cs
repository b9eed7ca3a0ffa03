using System.Net;
using System.Text.Json;
using Fireworks.Models;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

/// <summary>
/// A secret the caller sends in a request body (the spec overlay's <c>secrets</c>: a W&amp;B key, a Secret's value,
/// a deployment's direct-route keys) is cut from the errors and log events of that call when the server echoes it,
/// in the forms it may echo it in, as the API key is; the rest of the server's message stays readable.
/// </summary>
public sealed class BodySecretTests
{
    private const string WandbKey = "wandb_0123456789abcdef0123456789abcdef01234567";
    private const string SecretValue = "sk-live-secret-value-ABCDEFGH12345678";
    private const string RouteKeyA = "direct-route-key-AAAAAAAAAAAAAAAAAAAA";
    private const string RouteKeyB = "direct-route-key-BBBBBBBBBBBBBBBBBBBB";
    private const string LangfuseKey = "sk-lf-0a1b2c3d-4e5f-6789-abcd-ef0123456789";

    /// <summary>How the server quotes the rejected request: the body as it was sent, JSON-escaped, or cut short.</summary>
    public static TheoryData<string> Forms() => new() { "verbatim", "json-escaped", "fragment" };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_wandb_key_in_a_created_job_is_cut_from_the_error_that_echoes_it(string form)
    {
        var job = new SupervisedFineTuningJob
        {
            Dataset = "accounts/test-account/datasets/visible-dataset",
            WandbConfig = new WandbConfig { Enabled = true, ApiKey = WandbKey, Project = "visible-project" },
        };

        var texts = await FailingCallTextsAsync(form, c => c.SupervisedFineTuningJobs.CreateAsync(job));

        LeakOracle.AssertClean(WandbKey, texts);
        AssertStillReadable(form, texts, "visible-project");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_secret_value_is_cut_from_the_create_and_the_update_error(string form)
    {
        var created = await FailingCallTextsAsync(form, c => c.Secrets.CreateAsync(new Secret { Name = "accounts/test-account/secrets/s1", KeyName = "VISIBLE_KEY_NAME", Value = SecretValue }));
        var updated = await FailingCallTextsAsync(form, c => c.Secrets.UpdateAsync("s1", new UpdateSecretRequest { KeyName = "VISIBLE_KEY_NAME", Value = SecretValue }));

        LeakOracle.AssertClean(SecretValue, created);
        LeakOracle.AssertClean(SecretValue, updated);
        AssertStillReadable(form, created, "VISIBLE_KEY_NAME");
        AssertStillReadable(form, updated, "VISIBLE_KEY_NAME");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Every_direct_route_key_of_a_read_modify_write_update_is_cut(string form)
    {
        var current = new Deployment { BaseModel = "accounts/fireworks/models/visible-model", DirectRouteApiKeys = [RouteKeyA, RouteKeyB] };

        var texts = await FailingCallTextsAsync(form, c => c.Deployments.UpdateAsync("d1", current, d => d.DisplayName = "visible display name"));

        LeakOracle.AssertClean(RouteKeyA, texts);
        LeakOracle.AssertClean(RouteKeyB, texts);
        AssertStillReadable(form, texts, "visible display name");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_langfuse_secret_key_a_read_modify_write_update_sends_back_is_cut(string form)
    {
        // Output only, but the server returns it and a read-modify-write update carries every field as read.
        var current = new Trail { DisplayName = "visible trail", LangfuseConfig = "{\"public_key\":\"pk-lf-visible\",\"secret_key\":\"" + LangfuseKey + "\"}" };

        var texts = await FailingCallTextsAsync(form, c => c.Trails.UpdateAsync("t1", current, t => t.DisplayName = "visible new name"));

        LeakOracle.AssertClean(LangfuseKey, texts);
        AssertStillReadable(form, texts, "visible new name");
    }

    [Fact]
    public async Task A_secret_in_a_model_held_by_an_update_body_is_cut()
    {
        var request = new UpdateReinforcementFineTuningJobRequest { WandbConfig = new WandbConfig { ApiKey = WandbKey } };

        var texts = await FailingCallTextsAsync("verbatim", c => c.ReinforcementFineTuningJobs.UpdateAsync("j1", request, updateMask: "wandb_config"));

        LeakOracle.AssertClean(WandbKey, texts);
    }

    [Fact]
    public async Task Retried_answers_echoing_the_secret_leave_it_in_no_log_event_or_exception()
    {
        var handler = new FakeHttpHandler();
        for (var i = 0; i < 3; i++)
        {
            handler.Then((request, _) => Task.FromResult(FakeHttpHandler.Json(
                HttpStatusCode.ServiceUnavailable,
                JsonSerializer.Serialize(new { message = "overloaded while handling " + request.Body }),
                ("x-request-id", "req-" + SecretValue))));
        }

        var logs = new CapturingLoggerFactory();
        var time = new RecordingTimeProvider();
        using var client = TestClients.Create(handler, time, o => o.MaxRetries = 2, logs);
        var exception = await Assert.ThrowsAsync<FireworksException>(() => time.DriveAsync(() => client.Secrets.CreateAsync(
            new Secret { Name = "accounts/test-account/secrets/s1", KeyName = "K", Value = SecretValue },
            options: new RequestOptions { TreatAsIdempotent = true })));
        Assert.Equal(3, handler.Requests.Count);
        Assert.Contains(logs.Entries, e => e.EventId.Name == "RetryScheduled");
        LeakOracle.AssertClean(SecretValue, LeakOracle.Texts(exception).Concat(LeakOracle.Texts(logs)));
    }

    [Fact]
    public void A_body_reports_each_secret_it_holds_and_nothing_empty()
    {
        var page = new ListDeploymentsResponse
        {
            Deployments =
            [
                new Deployment { BaseModel = "m", DirectRouteApiKeys = [RouteKeyA, "", RouteKeyB] },
                new Deployment { BaseModel = "m" },
            ],
        };

        Assert.Equal(new List<string> { RouteKeyA, RouteKeyB }, SecretValues.Of(page));
        Assert.Null(SecretValues.Of(new Deployment { BaseModel = "m" }));
        Assert.Null(SecretValues.Of(new WandbConfig { ApiKey = "" }));
        Assert.Null(SecretValues.Of(new WandbConfig { Project = "p" }));
        Assert.Null(SecretValues.Of(new LongRunningOperation { Name = WandbKey }));
        Assert.Equal(new List<string> { WandbKey }, SecretValues.Of(new RlorTrainerJob { WandbConfig = new WandbConfig { ApiKey = WandbKey } }));
    }

    [Fact]
    public void A_redactor_with_body_secrets_still_redacts_the_api_key()
    {
        var redactor = new SecretRedactor(TestClients.ApiKey).With([SecretValue]);

        Assert.Equal("[REDACTED] and [REDACTED]", redactor.Redact(TestClients.ApiKey + " and " + SecretValue));
    }

    // Cut into chunks, a quoted body may split a visible value too.
    private static void AssertStillReadable(string form, List<string> texts, string visible)
    {
        if (form != "fragment")
        {
            Assert.Contains(texts, t => t.Contains(visible, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> against a server that rejects it with 400, quoting the request body it got in the
    /// message, a detail and a header; returns every text the exception and the log events hand out.
    /// </summary>
    private static async Task<List<string>> FailingCallTextsAsync(string form, Func<FireworksClient, Task> call)
    {
        var handler = new FakeHttpHandler().Then((request, _) =>
        {
            var quoted = form switch
            {
                "verbatim" => request.Body,
                "json-escaped" => string.Concat(request.Body.Select(c => $"\\u{(int)c:x4}")),
                "fragment" => string.Concat(request.Body.Chunk(20).Select(chunk => new string(chunk) + "…")),
                _ => throw new ArgumentOutOfRangeException(nameof(form)),
            };
            var message = JsonSerializer.Serialize("invalid request: " + request.Body)[1..^1];
            var body = form == "verbatim"
                ? "{\"code\": 3, \"message\": \"" + message + "\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.BadRequest\", \"request\": " + request.Body + "}]}"
                : "{\"code\": 3, \"message\": \"invalid request: " + (form == "json-escaped" ? quoted : JsonSerializer.Serialize(quoted)[1..^1]) + "\"}";
            return Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.BadRequest, body, ("x-request-id", "req-" + request.Body.Length)));
        });

        var logs = new CapturingLoggerFactory();
        using var client = TestClients.Create(handler, configure: o => o.MaxRetries = 0, loggerFactory: logs);
        var exception = await Assert.ThrowsAsync<FireworksException>(() => call(client));
        Assert.Equal(400, exception.HttpStatus);
        Assert.Single(handler.Requests);

        return LeakOracle.Texts(exception)
            .Concat(LeakOracle.Texts(logs))
            .ToList();
    }
}
