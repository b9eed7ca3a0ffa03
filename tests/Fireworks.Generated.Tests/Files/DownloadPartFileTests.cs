using System.Net;
using System.Text;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Files;

/// <summary>
/// A download writes into a part file of its own and touches no other file: not one the server lists under a name
/// that looks like a part file, and not one the caller already keeps in the directory.
/// </summary>
public sealed class DownloadPartFileTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("fireworks-part-test-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task A_file_listed_under_another_files_part_file_name_is_delivered_intact_beside_it()
    {
        var target = Path.Combine(work.FullName, "out");
        var partNamedFileDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // x's storage answer is held until x.fwpart sits under its final name, so x's download starts after it.
        var progress = new SynchronousProgress(report =>
        {
            if (report is { FileName: "x.fwpart", FilesCompleted: 1 })
            {
                partNamedFileDone.TrySetResult();
            }
        });
        using var client = Client(Listing("x", "x.fwpart"), async name =>
        {
            if (name == "x")
            {
                await partNamedFileDone.Task.Guarded();
            }
        });

        var files = await client.Datasets.DownloadAsync("ds", target, progress, new FileTransferOptions { MaxConcurrentFiles = 2 }).Guarded();

        Assert.Equal(["x", "x.fwpart"], files.Select(f => f.Name));
        Assert.Equal("content of x", File.ReadAllText(Path.Combine(target, "x")));
        Assert.Equal("content of x.fwpart", File.ReadAllText(Path.Combine(target, "x.fwpart")));
        Assert.Equal(["x", "x.fwpart"], Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_local_file_named_like_a_downloads_part_file_is_left_untouched()
    {
        var target = work.CreateSubdirectory("out").FullName;
        File.WriteAllText(Path.Combine(target, "x.fwpart"), "the caller's own file");
        using var client = Client(Listing("x"), _ => Task.CompletedTask);

        var files = await client.Datasets.DownloadAsync("ds", target).Guarded();

        Assert.Equal("x", Assert.Single(files).Name);
        Assert.Equal("content of x", File.ReadAllText(Path.Combine(target, "x")));
        Assert.Equal("the caller's own file", File.ReadAllText(Path.Combine(target, "x.fwpart")));
        Assert.Equal(["x", "x.fwpart"], Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failed_download_removes_its_own_part_file_and_nothing_else()
    {
        var target = work.CreateSubdirectory("out").FullName;
        File.WriteAllText(Path.Combine(target, "x.fwpart"), "the caller's own file");
        using var client = Client(Listing("x"), _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));

        var error = await Assert.ThrowsAsync<FileTransferException>(() => client.Datasets.DownloadAsync(
            "ds", target, transferOptions: new FileTransferOptions { MaxAttemptsPerFile = 2, RetryDelay = TimeSpan.Zero })).Guarded();

        Assert.Equal(2, error.Attempts);
        Assert.Equal(["x.fwpart"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal("the caller's own file", File.ReadAllText(Path.Combine(target, "x.fwpart")));
    }

    private static string Listing(params string[] names) =>
        "{\"filenameToSignedUrls\":{" + string.Join(',', names.Select(n => $"\"{n}\":\"https://storage.example/{n}?X-Goog-Signature=00ff\"")) + "}}";

    /// <summary>Answers the download-endpoint call with <paramref name="listing"/> and each storage GET with "content of {name}" once <paramref name="beforeAnswering"/> completes.</summary>
    private static FireworksClient Client(string listing, Func<string, Task> beforeAnswering) =>
        TestClients.Create(new FakeHttpHandler(fallback: async (request, _) =>
        {
            if (request.Uri.Host != "storage.example")
            {
                return FakeHttpHandler.Json(HttpStatusCode.OK, listing);
            }

            var name = request.Uri.AbsolutePath.TrimStart('/');
            await beforeAnswering(name);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("content of " + name, Encoding.UTF8) };
        }));

    /// <summary>Runs the callback on the reporting thread (<see cref="Progress{T}"/> would post it elsewhere, later).</summary>
    private sealed class SynchronousProgress(Action<FileTransferProgress> report) : IProgress<FileTransferProgress>
    {
        public void Report(FileTransferProgress value) => report(value);
    }
}
