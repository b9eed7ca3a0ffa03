using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

public sealed class BasicResourceTests : EmulatorTest
{
    [Fact]
    public async Task Default_account_is_served_and_others_are_not()
    {
        var account = await Client.Accounts.GetAsync(accountId: Emulator.AccountId);
        Assert.Equal("accounts/emulator", account.Name);
        Assert.Equal(AccountState.Ready, account.State);

        var missing = await ThrowsFireworksAsync(() => Client.Accounts.GetAsync(accountId: "someone-else"));
        Assert.True(missing.IsNotFound);

        var foreign = await ThrowsFireworksAsync(() => Client.Datasets.GetAsync("x", accountId: "someone-else"));
        Assert.True(foreign.IsPermissionDenied);
        Assert.Equal(403, foreign.HttpStatus);

        var masked = await Client.Accounts.GetAsync(readMask: "name,state");
        Assert.Null(masked.Email);
        Assert.Equal(AccountState.Ready, masked.State);

        var all = await Client.Accounts.ListPageAsync();
        Assert.Equal(["accounts/emulator"], all.Accounts!.Select(a => a.Name));
    }

    [Fact]
    public async Task Dataset_goes_from_uploading_to_ready_on_the_emulated_clock()
    {
        var created = await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "prompts", Dataset = new Dataset { DisplayName = "Prompts", ExampleCount = 12 } });
        Assert.Equal("accounts/emulator/datasets/prompts", created.Name);
        Assert.Equal(DatasetState.Uploading, created.State);
        Assert.Equal(Emulator.UtcNow, created.CreateTime);
        Assert.Equal(12, created.ExampleCount);

        Advance(Timings.DatasetUpload - TimeSpan.FromSeconds(1));
        Assert.Equal(DatasetState.Uploading, (await Client.Datasets.GetAsync("prompts")).State);
        Advance(TimeSpan.FromSeconds(1));
        var ready = await Client.Datasets.GetAsync("prompts");
        Assert.Equal(DatasetState.Ready, ready.State);
        Assert.Equal(created.CreateTime + Timings.DatasetUpload, ready.UpdateTime);

        await Client.Datasets.DeleteAsync("prompts");
        Assert.True((await ThrowsFireworksAsync(() => Client.Datasets.GetAsync("prompts"))).IsNotFound);
    }

    [Fact]
    public async Task Create_rejects_duplicate_and_malformed_ids_and_generates_missing_ones()
    {
        await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "one", Dataset = new Dataset() });
        var duplicate = await ThrowsFireworksAsync(() => Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "one", Dataset = new Dataset() }));
        Assert.True(duplicate.IsAlreadyExists);
        Assert.Equal(409, duplicate.HttpStatus);
        Assert.Contains("accounts/emulator/datasets/one", duplicate.ServerMessage, StringComparison.Ordinal);

        var malformed = await ThrowsFireworksAsync(() => Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "Not_Valid", Dataset = new Dataset() }));
        Assert.True(malformed.IsInvalidArgument);
        Assert.Equal(400, malformed.HttpStatus);

        var job = await Client.RlorTrainerJobs.CreateAsync(new RlorTrainerJob());
        Assert.Matches("^accounts/emulator/rlorTrainerJobs/[a-z][a-z0-9]{11}$", job.Name);
    }

    [Fact]
    public async Task Model_lifecycle_and_in_use_protection()
    {
        var model = await Client.Models.CreateAsync(new CreateModelBody { ModelId = "base", Model = new Model { DisplayName = "Base", Kind = ModelKind.HfBaseModel } });
        Assert.Equal(ModelState.Uploading, model.State);
        Advance(Timings.ModelUpload);
        Assert.Equal(ModelState.Ready, (await Client.Models.GetAsync("base")).State);

        var renamed = await Client.Models.UpdateAsync("base", new UpdateModelRequest { DisplayName = "Renamed" });
        Assert.Equal("Renamed", renamed.DisplayName);
        Assert.Equal(ModelKind.HfBaseModel, renamed.Kind);

        await CreateReadyDeploymentAsync("serving", baseModel: "accounts/emulator/models/base");
        var inUse = await ThrowsFireworksAsync(() => Client.Models.DeleteAsync("base"));
        Assert.True(inUse.IsFailedPrecondition);

        var missingBase = await ThrowsFireworksAsync(() => Client.Deployments.CreateAsync(new Deployment { BaseModel = "accounts/emulator/models/nope" }));
        Assert.True(missingBase.IsNotFound);
    }

    [Fact]
    public async Task Evaluator_builds_then_rebuilds_when_its_code_changes()
    {
        var evaluator = await Client.Evaluators.CreateAsync(new CreateEvaluatorBody { EvaluatorId = "exact-match", Evaluator = new Evaluator { DisplayName = "Exact", EntryPoint = "main.py" } });
        Assert.Equal(EvaluatorState.Building, evaluator.State);
        Advance(Timings.EvaluatorBuild);
        Assert.Equal(EvaluatorState.Active, (await Client.Evaluators.GetAsync("exact-match")).State);

        var renamed = await Client.Evaluators.UpdateAsync("exact-match", new UpdateEvaluatorRequest { DisplayName = "Exact match" });
        Assert.Equal(EvaluatorState.Active, renamed.State);

        var rebuilt = await Client.Evaluators.UpdateAsync("exact-match", new UpdateEvaluatorRequest { EntryPoint = "grade.py" });
        Assert.Equal(EvaluatorState.Building, rebuilt.State);
        Advance(Timings.EvaluatorBuild);
        var active = await Client.Evaluators.GetAsync("exact-match");
        Assert.Equal(EvaluatorState.Active, active.State);
        Assert.Equal("grade.py", active.EntryPoint);
        Assert.Equal("Exact match", active.DisplayName);
    }

    [Fact]
    public async Task Requests_without_or_with_a_wrong_bearer_key_are_unauthenticated()
    {
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        using var anonymous = await http.GetAsync(new Uri("/v1/accounts/emulator/datasets", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var body = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(16, body.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("details").ValueKind);
        Assert.Contains("Authorization: Bearer", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        var options = Emulator.CreateClientOptions();
        options.ApiKey = "wrong-key";
        options.MaxRetries = 0;
        using var wrong = new FireworksClient(options);
        var error = await ThrowsFireworksAsync(() => wrong.Datasets.ListPageAsync());
        Assert.True(error.IsUnauthenticated);
        Assert.Equal(401, error.HttpStatus);
        Assert.StartsWith("emulator-", error.RequestId, StringComparison.Ordinal);

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Unimplemented_operations_unknown_paths_and_wrong_methods_answer_with_status_bodies()
    {
        var unimplemented = await ThrowsFireworksAsync(() => Client.BatchInferenceJobs.ListPageAsync());
        Assert.True(unimplemented.IsUnimplemented);
        Assert.Equal(501, unimplemented.HttpStatus);
        Assert.Contains("Gateway_ListBatchInferenceJobs", unimplemented.ServerMessage, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.ApiKey);
        using var unknown = await http.GetAsync(new Uri("/v1/nothing/here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var wrongMethod = await http.PutAsync(new Uri("/v1/accounts/emulator/datasets", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        using var badJson = await http.PostAsync(new Uri("/v1/accounts/emulator/datasets", UriKind.Relative), new StringContent("{\"dataset\": 5"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Contains("Invalid JSON body", await badJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_handler_answers_an_operation_of_the_sdk()
    {
        var known = FireworksOperations.All.Select(o => o.OperationId).ToHashSet();
        Assert.All(Emulator.ImplementedOperations, id => Assert.Contains(id, known));
        Assert.Contains("HotLoad_Signal", Emulator.ImplementedOperations);
        Assert.Contains("Gateway_ExecuteRlorTrainStep", Emulator.ImplementedOperations);
        Assert.Equal(new Uri("http://127.0.0.1:" + Emulator.BaseUrl.Port), Emulator.BaseUrl);
    }

    [Fact]
    public async Task Read_mask_returns_only_the_selected_fields()
    {
        await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "masked", Dataset = new Dataset { DisplayName = "Masked", ExampleCount = 3 } });
        var partial = await Client.Datasets.GetAsync("masked", readMask: "name,example_count");
        Assert.Equal("accounts/emulator/datasets/masked", partial.Name);
        Assert.Equal(3, partial.ExampleCount);
        Assert.Null(partial.DisplayName);
        Assert.Null(partial.State);

        var listed = await Client.Datasets.ListPageAsync(readMask: "display_name");
        Assert.Equal("Masked", Assert.Single(listed.Datasets!).DisplayName);
        Assert.Null(listed.Datasets![0].Name);

        var unknown = await ThrowsFireworksAsync(() => Client.Datasets.GetAsync("masked", readMask: "name,colour"));
        Assert.True(unknown.IsInvalidArgument);
        Assert.Contains("colour", unknown.ServerMessage, StringComparison.Ordinal);
    }
}
