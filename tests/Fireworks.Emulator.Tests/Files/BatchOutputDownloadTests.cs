using System.Net;
using System.Text;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

/// <summary>
/// <c>BatchInferenceJobs.DownloadOutputAsync</c>: the job names its output dataset, whose files come from the emulator's
/// signed-URL storage. The emulator does not emulate batch-inference jobs, so <see cref="JobStandIn"/> answers the one
/// <c>Gateway_GetBatchInferenceJob</c> call; everything else (the dataset, its download endpoint, the storage, faults)
/// is the emulator's.
/// </summary>
public sealed class BatchOutputDownloadTests : EmulatorTest, IDisposable
{
    private const string JobName = "accounts/emulator/batchInferenceJobs/batch-1";
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("fireworks-batch-output-test-");

    public void Dispose() => work.Delete(recursive: true);

    [Theory]
    [InlineData("batch-1")]
    [InlineData(JobName)]
    public async Task The_output_datasets_files_come_back_byte_for_byte(string job)
    {
        var results = Write("results.jsonl", "{\"custom_id\":\"request-1\",\"response\":{\"choices\":[{\"message\":{\"content\":\"Hi\"}}]}}\n");
        var errors = Write("error.jsonl", "{\"custom_id\":\"request-2\",\"error\":{\"code\":400,\"message\":\"bad\"}}\n");
        await StoreOutputAsync("batch-output", results, errors);
        using var client = ClientWithJob("{\"name\":\"" + JobName + "\",\"state\":\"JOB_STATE_COMPLETED\",\"outputDatasetId\":\"accounts/emulator/datasets/batch-output\"}");
        var target = Path.Combine(work.FullName, "out");

        var files = await client.BatchInferenceJobs.DownloadOutputAsync(job, target);

        Assert.Equal(["error.jsonl", "results.jsonl"], files.Select(f => f.Name));
        Assert.Equal(File.ReadAllBytes(errors), File.ReadAllBytes(Path.Combine(target, "error.jsonl")));
        Assert.Equal(File.ReadAllBytes(results), File.ReadAllBytes(Path.Combine(target, "results.jsonl")));
        Assert.Empty(Directory.GetFiles(target, "*.fwpart"));
    }

    [Fact]
    public async Task A_file_that_never_arrives_intact_fails_naming_it_and_leaves_nothing_behind()
    {
        await StoreOutputAsync("batch-output", Write("results.jsonl", "{\"custom_id\":\"request-1\",\"response\":{}}\n"));
        using var client = ClientWithJob("{\"name\":\"" + JobName + "\",\"state\":\"JOB_STATE_COMPLETED\",\"outputDatasetId\":\"batch-output\"}");
        Emulator.StorageFaults.CorruptNextChecksum(2);
        var target = Path.Combine(work.FullName, "out");

        var error = await Assert.ThrowsAsync<FileTransferException>(() => client.BatchInferenceJobs.DownloadOutputAsync(
            "batch-1", target, transferOptions: new FileTransferOptions { MaxAttemptsPerFile = 2, RetryDelay = TimeSpan.Zero }));

        Assert.Equal("results.jsonl", error.FileName);
        Assert.Contains("'results.jsonl'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Attempts);
        Assert.Empty(Directory.GetFiles(target));
    }

    [Fact]
    public async Task A_job_without_an_output_dataset_yet_is_refused_naming_the_job_and_its_state()
    {
        using var client = ClientWithJob("{\"name\":\"" + JobName + "\",\"state\":\"JOB_STATE_RUNNING\"}");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.BatchInferenceJobs.DownloadOutputAsync("batch-1", work.FullName));

        Assert.Contains("'batch-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("JOB_STATE_RUNNING", error.Message, StringComparison.Ordinal);
    }

    private async Task StoreOutputAsync(string datasetId, params string[] files)
    {
        await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = datasetId, Dataset = new Dataset { UserUploaded = new UserUploaded() } });
        await Client.Datasets.UploadAsync(datasetId, files, transferOptions: new FileTransferOptions { DirectDatasetUploadMaxBytes = 0, RetryDelay = TimeSpan.Zero });
    }

    private FireworksClient ClientWithJob(string jobJson)
    {
        var options = Emulator.CreateClientOptions();
        options.MaxRetries = 0;
        options.HttpMessageHandler = new JobStandIn(jobJson);
        return new FireworksClient(options);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(work.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Answers GET …/batchInferenceJobs/… with the job; sends every other request to the emulator.</summary>
    private sealed class JobStandIn(string jobJson) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("/batchInferenceJobs/", StringComparison.Ordinal)
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(jobJson, Encoding.UTF8, "application/json") })
                : base.SendAsync(request, cancellationToken);
    }
}
