using Fireworks.Delta;
using Fireworks.SafeTensors;
using Fireworks.Tests.HotLoad.Infrastructure;
using Fireworks.Tests.Lro.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Fireworks.Tests.HotLoad;

public sealed class UploadAndHintTests
{
    [Fact]
    public async Task TheUploaderReceivesExactlyTheSnapshotFiles()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        var first = fixture.WriteCheckpoint(0);
        var second = fixture.WriteCheckpoint(1);

        await fixture.PushAsync(chain, 0, first);
        await fixture.PushAsync(chain, 1, second);

        var uploads = fixture.Uploader.Uploads;
        Assert.Equal(2, uploads.Count);
        Assert.Equal(new UploadRecord("step-000000", SnapshotKind.Full, null, uploads[0].Files, DirectoryBytes(first)), uploads[0]);
        Assert.Equal(SyntheticCheckpoint.SnapshotFiles, uploads[0].Files); // the hidden .cache/ is not part of a snapshot
        Assert.Equal(SyntheticCheckpoint.SnapshotFiles, uploads[1].Files); // a delta keeps the shard file names
        Assert.Equal(SnapshotKind.Delta, uploads[1].Kind);
        Assert.Equal("step-000000", uploads[1].PreviousIdentity);
        Assert.True(uploads[1].TotalBytes < uploads[0].TotalBytes);

        var full = Path.Combine(fixture.Bucket, "step-000000");
        var delta = Path.Combine(fixture.Bucket, "step-000001");
        Assert.Equal(SyntheticCheckpoint.SnapshotFiles, Files(full));
        Assert.Equal(SyntheticCheckpoint.SnapshotFiles, Files(delta));
        foreach (var shard in new[] { "model-00000.safetensors", "model-00001.safetensors" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, shard)), File.ReadAllBytes(Path.Combine(full, shard)));
            using (var file = SafeTensorsFile.Open(Path.Combine(delta, shard)))
            {
                Assert.True(DeltaFormat.IsDelta(file.Metadata));
            }

            Assert.Equal("step-000000", DeltaCodec.ReadInfo(Path.Combine(delta, shard)).BaseIdentity);
        }

        Assert.Equal(SyntheticCheckpoint.ConfigJson, File.ReadAllText(Path.Combine(delta, "config.json")));
        Assert.Equal(SyntheticCheckpoint.TokenizerJson, File.ReadAllText(Path.Combine(delta, "tokenizer.json")));
    }

    [Fact]
    public async Task TheDirectoryUploaderReplacesStaleFilesAndLeavesNoTemporaries()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        var target = Directory.CreateDirectory(Path.Combine(fixture.Bucket, "step-000000")).FullName;
        File.WriteAllText(Path.Combine(target, "model-00009.safetensors"), "left by an earlier run");
        File.WriteAllText(Path.Combine(target, "config.json"), "old");

        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));

        Assert.Equal(SyntheticCheckpoint.SnapshotFiles, Files(target));
        Assert.Equal(SyntheticCheckpoint.ConfigJson, File.ReadAllText(Path.Combine(target, "config.json")));
        Assert.Empty(Directory.EnumerateFiles(target, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TheDirectoryUploaderReportsBytesAndEachLandedFileInOrder()
    {
        using var fixture = new ChainFixture();
        var source = fixture.WriteCheckpoint(0);
        var files = SyntheticCheckpoint.SnapshotFiles.Select(name => new SnapshotFile(name, Path.Combine(source, name), new FileInfo(Path.Combine(source, name)).Length)).ToList();
        var landed = new List<string>();
        var upload = new SnapshotUpload("step-000000", source, files, SnapshotKind.Full, fileUploaded: (file, _) =>
        {
            // A file is announced only once it is complete under its final name.
            Assert.Equal(file.Length, new FileInfo(Path.Combine(fixture.Bucket, "step-000000", file.RelativePath)).Length);
            landed.Add(file.RelativePath);
            return Task.CompletedTask;
        });
        var progress = new ProgressLog<SnapshotUploadProgress>();

        await new DirectorySnapshotUploader(fixture.Bucket).UploadAsync(upload, progress, CancellationToken.None);

        Assert.Equal(SyntheticCheckpoint.SnapshotFiles, landed);
        var reports = progress.Reports;
        Assert.Equal(upload.TotalBytes, reports[^1].BytesUploaded);
        Assert.All(reports, report => Assert.Equal(upload.TotalBytes, report.TotalBytes));
        Assert.True(reports.Zip(reports.Skip(1)).All(static pair => pair.First.BytesUploaded <= pair.Second.BytesUploaded));
        Assert.Throws<ArgumentException>(() => new DirectorySnapshotUploader(fixture.Bucket).GetSnapshotDirectory("../escape"));
    }

    [Fact]
    public async Task HintsAreSentPerFileAsFilesLandWhenEnabled()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(sendFileHints: true));

        var full = await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        var delta = await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1));

        Assert.Equal(4, full.HintsSent);
        Assert.Equal(4, delta.HintsSent);
        var hints = fixture.Server.Hints;
        Assert.Equal([.. SyntheticCheckpoint.SnapshotFiles, .. SyntheticCheckpoint.SnapshotFiles], hints.Select(static hint => hint.Filename));
        Assert.All(hints.Take(4), hint =>
        {
            Assert.Equal("step-000000", hint.Identity);
            Assert.Null(hint.Metadata);
        });
        Assert.All(hints.Skip(4), hint =>
        {
            Assert.Equal("step-000001", hint.Identity);
            Assert.Equal("step-000000", hint.Metadata!.PreviousSnapshotIdentity);
            Assert.Equal(DeltaFormat.Name, hint.Metadata.CompressionFormat);
            Assert.Equal("alder32", hint.Metadata.ChecksumFormat);
        });

        // Every hint came before its snapshot's signal.
        var requests = fixture.Server.Requests.ToList();
        var firstSignal = requests.IndexOf("POST /hot_load/v1/models/hot_load");
        Assert.Equal(4, requests.Take(firstSignal).Count(static request => request.EndsWith("/hint", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NoHintsWhenDisabled()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());

        var result = await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));

        Assert.Equal(0, result.HintsSent);
        Assert.Empty(fixture.Server.Hints);
    }

    [Fact]
    public async Task AFailedHintIsLoggedAndThePushGoesOn()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(sendFileHints: true));
        fixture.Server.FailHints = true;

        var result = await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));

        Assert.Equal("step-000000", result.Identity);
        Assert.Equal(0, result.HintsSent);
        Assert.Equal(4, fixture.Server.Hints.Count);
        var warnings = fixture.Logs.Entries.Where(static entry => entry.EventName == "HintFailed").ToList();
        Assert.Equal(4, warnings.Count);
        Assert.All(warnings, warning => Assert.Equal(LogLevel.Warning, warning.Level));
        Assert.Contains("HTTP 500", warnings[0].Message);
    }

    [Fact]
    public async Task DeltasAreEncodedInTheWorkDirectoryAndDeletedOnceUploaded()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        var seenDuringUpload = new List<IReadOnlyList<string>>();
        fixture.Uploader.Before = upload =>
        {
            seenDuringUpload.Add(fixture.WorkEntries());
            if (upload.IsDelta)
            {
                Assert.StartsWith(fixture.Work, upload.SourceDirectory, StringComparison.Ordinal);
            }

            return Task.CompletedTask;
        };

        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1));

        Assert.Contains(seenDuringUpload[1], static entry => entry.EndsWith("/delta-step-000001", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.WorkEntries(), static entry => entry.Contains("/delta-", StringComparison.Ordinal));
        chain.Dispose();
        Assert.Empty(fixture.WorkEntries());
    }

    private static IReadOnlyList<string> Files(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(directory, path).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    private static long DirectoryBytes(string directory) =>
        SyntheticCheckpoint.SnapshotFiles.Sum(name => new FileInfo(Path.Combine(directory, name)).Length);
}
