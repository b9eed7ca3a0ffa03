using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

/// <summary>Uploads and downloads through the SDK's one-call methods against the emulator's signed-URL storage.</summary>
public sealed class FileTransferTests : EmulatorTest, IDisposable
{
    private static readonly FileTransferOptions NoDelay = new() { RetryDelay = TimeSpan.Zero };
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("fireworks-files-test-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task Small_dataset_goes_through_the_direct_upload_and_comes_back_byte_for_byte()
    {
        var file = WriteJsonl("train.jsonl", 40);
        await CreateDatasetAsync("small");

        var dataset = await Client.Datasets.UploadAsync("small", file, transferOptions: NoDelay);

        Assert.Equal(DatasetState.Ready, dataset.State);
        Assert.Equal(40, dataset.ExampleCount);
        var downloaded = await Client.Datasets.DownloadAsync("small", Path.Combine(work.FullName, "out"));
        Assert.Equal("train.jsonl", Assert.Single(downloaded).Name);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(downloaded[0].LocalPath));
        Assert.Empty(Directory.GetFiles(Path.Combine(work.FullName, "out"), "*.fwpart"));
    }

    [Fact]
    public async Task Several_files_go_through_signed_urls_with_progress_per_file_and_overall()
    {
        var a = WriteJsonl("a.jsonl", 3000);
        var b = WriteJsonl("b.jsonl", 10);
        await CreateDatasetAsync("two");
        var reports = new RecordingProgress();

        var dataset = await Client.Datasets.UploadAsync("two", [a, b], reports, new FileTransferOptions { DirectDatasetUploadMaxBytes = 0, RetryDelay = TimeSpan.Zero });

        Assert.Equal(3010, dataset.ExampleCount);
        var total = new FileInfo(a).Length + new FileInfo(b).Length;
        var last = reports.Reports.Last();
        Assert.Equal((total, total, 2, 2), (last.BytesTransferred, last.TotalBytes, last.FilesCompleted, last.FileCount));
        Assert.Contains(reports.Reports, r => r.FileName == "a.jsonl" && r.FileBytesTransferred == new FileInfo(a).Length);
        var downloaded = await Client.Datasets.DownloadAsync("two", Path.Combine(work.FullName, "out"));
        Assert.Equal(["a.jsonl", "b.jsonl"], downloaded.Select(f => f.Name));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(downloaded[0].LocalPath));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(150_000_000L)]
    public async Task A_malformed_line_fails_validation_naming_the_file_and_line(long directLimit)
    {
        var file = Path.Combine(work.FullName, "bad.jsonl");
        File.WriteAllText(file, "{\"a\":1}\n{\"b\":\n");
        await CreateDatasetAsync("bad");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Client.Datasets.UploadAsync("bad", file, transferOptions: new FileTransferOptions { DirectDatasetUploadMaxBytes = directLimit }));

        Assert.Contains("'bad.jsonl' line 2 is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_resumable_model_upload_resumes_without_duplicating_bytes()
    {
        var model = WriteModel("ckpt", shardBytes: 3 * 1024 * 1024 + 123);
        await CreateModelAsync("resumed");
        Emulator.StorageFaults.CutNextTransferAfter(300_000);

        var uploaded = await Client.Models.UploadAsync("resumed", model, transferOptions: new FileTransferOptions { ResumableChunkSize = 1024 * 1024, MaxConcurrentFiles = 1, RetryDelay = TimeSpan.Zero });

        Assert.Equal(ModelState.Ready, uploaded.State);
        var downloaded = await Client.Models.DownloadAsync("resumed", Path.Combine(work.FullName, "out"));
        Assert.Equal(["config.json", "model.safetensors", "tokenizer/vocab.txt"], downloaded.Select(f => f.Name));
        foreach (var file in downloaded)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(model, file.Name)), File.ReadAllBytes(file.LocalPath));
        }
    }

    [Fact]
    public async Task A_cut_plain_upload_and_a_5xx_restart_the_file()
    {
        var model = WriteModel("plain", shardBytes: 2 * 1024 * 1024);
        await CreateModelAsync("plain");
        Emulator.StorageFaults.CutNextTransferAfter(100_000);
        Emulator.StorageFaults.FailNext(503);

        await Client.Models.UploadAsync("plain", model, transferOptions: new FileTransferOptions { ResumableModelUploads = false, MaxConcurrentFiles = 1, RetryDelay = TimeSpan.Zero });

        var downloaded = await Client.Models.DownloadAsync("plain", Path.Combine(work.FullName, "out"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(model, "model.safetensors")), File.ReadAllBytes(downloaded.Single(f => f.Name == "model.safetensors").LocalPath));
    }

    [Fact]
    public async Task A_cut_download_resumes_with_range_and_a_bad_checksum_is_fetched_again()
    {
        var file = WriteJsonl("big.jsonl", 20_000);
        await CreateDatasetAsync("resume");
        await Client.Datasets.UploadAsync("resume", file, transferOptions: NoDelay);
        Emulator.StorageFaults.CutNextTransferAfter(200_000);

        var downloaded = await Client.Datasets.DownloadAsync("resume", Path.Combine(work.FullName, "cut"), transferOptions: NoDelay);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(downloaded[0].LocalPath));

        Emulator.StorageFaults.CorruptNextChecksum();
        downloaded = await Client.Datasets.DownloadAsync("resume", Path.Combine(work.FullName, "corrupt"), transferOptions: NoDelay);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(downloaded[0].LocalPath));
    }

    [Fact]
    public async Task A_checksum_that_never_matches_fails_naming_the_file_and_leaves_nothing_behind()
    {
        var file = WriteJsonl("data.jsonl", 100);
        await CreateDatasetAsync("corrupt");
        await Client.Datasets.UploadAsync("corrupt", file, transferOptions: NoDelay);
        Emulator.StorageFaults.CorruptNextChecksum(10);
        var target = Path.Combine(work.FullName, "out");

        var error = await Assert.ThrowsAsync<FileTransferException>(() => Client.Datasets.DownloadAsync("corrupt", target, transferOptions: new FileTransferOptions { MaxAttemptsPerFile = 3, RetryDelay = TimeSpan.Zero }));

        Assert.Equal("data.jsonl", error.FileName);
        Assert.Equal(3, error.Attempts);
        Assert.Contains("crc32c", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(target));
    }

    [Fact]
    public async Task Cancelling_a_download_leaves_no_file_under_its_final_name()
    {
        var file = WriteJsonl("data.jsonl", 50_000);
        await CreateDatasetAsync("cancel");
        await Client.Datasets.UploadAsync("cancel", file, transferOptions: NoDelay);
        using var cancellation = new CancellationTokenSource();
        var target = Path.Combine(work.FullName, "out");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.Datasets.DownloadAsync(
            "cancel", target, new CallbackProgress(p => { if (p.FileBytesTransferred > 0) cancellation.Cancel(); }), cancellationToken: cancellation.Token));

        Assert.Empty(Directory.GetFiles(target));
    }

    [Fact]
    public async Task A_size_other_than_filenameToSize_is_refused_naming_the_file()
    {
        await CreateDatasetAsync("sizes");
        var endpoint = await Client.Datasets.GetUploadEndpointAsync("sizes", new GetDatasetUploadEndpointBody { FilenameToSize = new Dictionary<string, long> { ["x.jsonl"] = 5 } });
        using var http = new HttpClient();

        using var put = await http.PutAsync(endpoint.FilenameToSignedUrls!["x.jsonl"], new StringContent("{\"a\":1}\n"));
        var validation = await ThrowsFireworksAsync(() => Client.Datasets.ValidateUploadAsync("sizes"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("'x.jsonl' is 8 bytes, but the upload endpoint was told 5", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(validation.IsFailedPrecondition);
        Assert.Contains("'x.jsonl' was never uploaded", validation.Message, StringComparison.Ordinal);
        var traversal = await ThrowsFireworksAsync(() => Client.Datasets.GetUploadEndpointAsync("sizes", new GetDatasetUploadEndpointBody { FilenameToSize = new Dictionary<string, long> { ["../x"] = 1 } }));
        Assert.True(traversal.IsInvalidArgument);
    }

    [Fact]
    public async Task A_model_without_config_json_fails_validation_saying_so()
    {
        var model = WriteModel("noconfig", shardBytes: 1000);
        File.Delete(Path.Combine(model, "config.json"));
        await CreateModelAsync("noconfig");

        var error = await ThrowsFireworksAsync(() => Client.Models.UploadAsync("noconfig", model, transferOptions: NoDelay));

        Assert.True(error.IsInvalidArgument);
        Assert.Contains("no config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluator_source_is_packed_honouring_gitignore_and_becomes_active()
    {
        var source = Directory.CreateDirectory(Path.Combine(work.FullName, "evaluator"));
        File.WriteAllText(Path.Combine(source.FullName, ".gitignore"), "*.env\n__pycache__/\n");
        File.WriteAllText(Path.Combine(source.FullName, "requirements.txt"), "eval-protocol\n");
        File.WriteAllText(Path.Combine(source.FullName, "test_reward.py"), "def test(): pass\n");
        File.WriteAllText(Path.Combine(source.FullName, "secret.env"), "KEY=1\n");
        Directory.CreateDirectory(Path.Combine(source.FullName, "__pycache__"));
        File.WriteAllText(Path.Combine(source.FullName, "__pycache__", "x.pyc"), "x");
        Directory.CreateDirectory(Path.Combine(source.FullName, ".git"));
        File.WriteAllText(Path.Combine(source.FullName, ".git", "config"), "x");
        await Client.Evaluators.CreateAsync(new CreateEvaluatorBody { EvaluatorId = "reward", Evaluator = new Evaluator { DisplayName = "reward" } });

        var evaluator = await Client.Evaluators.UploadAsync("reward", source.FullName, transferOptions: NoDelay);

        Assert.Equal(EvaluatorState.Active, evaluator.State);
        var archive = Assert.Single(await Client.Evaluators.DownloadSourceAsync("reward", Path.Combine(work.FullName, "out")));
        await using var gzip = new GZipStream(File.OpenRead(archive.LocalPath), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Equal([".gitignore", "requirements.txt", "test_reward.py"], names);
    }

    [Fact]
    public async Task Batch_inference_input_is_uploaded_as_a_new_dataset()
    {
        var file = Path.Combine(work.FullName, "batch_input_data.jsonl");
        File.WriteAllText(file, "{\"custom_id\":\"request-1\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}}\n");

        var dataset = await Client.BatchInferenceJobs.UploadInputAsync("batch-input", file, transferOptions: NoDelay);

        Assert.Equal(("accounts/emulator/datasets/batch-input", DatasetState.Ready, 1L), (dataset.Name, dataset.State, dataset.ExampleCount));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    public async Task A_server_file_name_that_would_leave_the_directory_is_refused(string name)
    {
        var options = Emulator.CreateClientOptions();
        options.HttpMessageHandler = new FixedJsonHandler("{\"filenameToSignedUrls\":{\"" + name + "\":\"http://127.0.0.1:9/x?sig=1\"}}");
        using var client = new FireworksClient(options);
        var target = Path.Combine(work.FullName, "out");

        var error = await Assert.ThrowsAsync<FileTransferException>(() => client.Datasets.DownloadAsync("any", target));

        Assert.Equal(name, error.FileName);
        Assert.Contains("Refusing", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(work.FullName, "escape.txt")));
    }

    [Fact]
    public async Task A_symlinked_directory_inside_the_target_is_refused()
    {
        var target = Directory.CreateDirectory(Path.Combine(work.FullName, "out")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(target, "link"), Path.GetTempPath());
        var options = Emulator.CreateClientOptions();
        options.HttpMessageHandler = new FixedJsonHandler("{\"filenameToSignedUrls\":{\"link/x.txt\":\"http://127.0.0.1:9/x\"}}");
        using var client = new FireworksClient(options);

        var error = await Assert.ThrowsAsync<FileTransferException>(() => client.Datasets.DownloadAsync("any", target));

        Assert.Contains("is a link", error.Message, StringComparison.Ordinal);
    }

    private async Task CreateDatasetAsync(string id) =>
        await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = id, Dataset = new Dataset { UserUploaded = new UserUploaded() } });

    private async Task CreateModelAsync(string id) =>
        await Client.Models.CreateAsync(new CreateModelBody { ModelId = id, Model = new Model { DisplayName = id } });

    private string WriteJsonl(string name, int lines)
    {
        var path = Path.Combine(work.FullName, name);
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append("{\"messages\":[{\"role\":\"user\",\"content\":\"question ").Append(i).Append("\"}]}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private string WriteModel(string name, int shardBytes)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work.FullName, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "config.json"), "{\"architectures\":[\"Qwen3ForCausalLM\"]}");
        Directory.CreateDirectory(Path.Combine(directory, "tokenizer"));
        File.WriteAllText(Path.Combine(directory, "tokenizer", "vocab.txt"), "a\nb\n");
        var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"U8\",\"shape\":[" + shardBytes + "],\"data_offsets\":[0," + shardBytes + "]}}");
        var bytes = new byte[8 + header.Length + shardBytes];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)header.Length);
        header.CopyTo(bytes, 8);
        new Random(42).NextBytes(bytes.AsSpan(8 + header.Length));
        File.WriteAllBytes(Path.Combine(directory, "model.safetensors"), bytes);
        return directory;
    }

    private sealed class RecordingProgress : IProgress<FileTransferProgress>
    {
        public List<FileTransferProgress> Reports { get; } = [];

        public void Report(FileTransferProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }
        }
    }

    private sealed class CallbackProgress(Action<FileTransferProgress> onReport) : IProgress<FileTransferProgress>
    {
        public void Report(FileTransferProgress value) => onReport(value);
    }

    private sealed class FixedJsonHandler(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
