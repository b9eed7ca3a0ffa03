using Fireworks.Tests.HotLoad.Infrastructure;
using Xunit;

namespace Fireworks.Tests.HotLoad;

/// <summary>
/// A snapshot file's relative path becomes an object key that the uploader, the file hints and the server (or the
/// emulator) read as a path: a checkpoint file whose name would read as another path there is refused by the same
/// rule as every other upload (<c>LocalFiles.EnsurePortable</c>), naming it, before anything is uploaded.
/// </summary>
public sealed class SnapshotFileNameTests
{
    [Theory]
    [InlineData("..\\..\\x.safetensors")] // starts with '.', yet is no hidden file to a reader that splits at '\'
    [InlineData("weights\\..\\..\\x.safetensors")]
    public async Task A_checkpoint_file_whose_name_holds_backslashes_fails_the_push_naming_it_before_any_upload_or_hint(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold a '\'.
        }

        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(sendFileHints: true));
        var checkpoint = fixture.WriteCheckpoint(0);
        File.WriteAllText(Path.Combine(checkpoint, name), "x"); // one file; on Unix '\' is part of its name

        var error = await fixture.Clock.DriveToFailureAsync<ArgumentException, SnapshotPushResult>(chain.PushAsync(0, checkpoint));

        Assert.Equal("checkpointDirectory", error.ParamName);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Uploader.Uploads);
        Assert.Empty(fixture.Server.Hints);
        Assert.Empty(fixture.Server.Signals);
        Assert.False(Directory.Exists(fixture.Bucket) && Directory.EnumerateFileSystemEntries(fixture.Bucket).Any(), "nothing may reach the bucket");
    }
}
