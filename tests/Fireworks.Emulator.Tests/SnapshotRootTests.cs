using Xunit;

namespace Fireworks.Emulator.Tests;

/// <summary>Issue 11: a snapshot directory that is (or holds) a symbolic link must not load files from outside the snapshot root.</summary>
public sealed class SnapshotRootTests : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("fw-emulator-links-");

    private string Root => Path.Combine(scratch.FullName, "root");

    private string Outside => Path.Combine(scratch.FullName, "outside");

    public SnapshotRootTests()
    {
        Directory.CreateDirectory(Path.Combine(Root, "rollout"));
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "model-00000.safetensors"), "not really weights");
    }

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public async Task A_snapshot_directory_that_links_outside_the_root_is_refused_before_any_file_is_read()
    {
        var snapshot = Path.Combine(Root, "rollout", "v1");
        Directory.CreateSymbolicLink(snapshot, Outside);

        var error = await Assert.ThrowsAsync<SnapshotLoadException>(() => SnapshotLoader.LoadFullAsync(Root, snapshot, CancellationToken.None));
        Assert.Contains("outside the snapshot root", error.Message, StringComparison.Ordinal);
        Assert.Contains(Outside, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shard_that_links_outside_the_root_is_refused()
    {
        var snapshot = Path.Combine(Root, "rollout", "v1");
        Directory.CreateDirectory(snapshot);
        File.CreateSymbolicLink(Path.Combine(snapshot, "model-00000.safetensors"), Path.Combine(Outside, "model-00000.safetensors"));

        var error = await Assert.ThrowsAsync<SnapshotLoadException>(() => SnapshotLoader.LoadFullAsync(Root, snapshot, CancellationToken.None));
        Assert.Contains("'rollout/v1/model-00000.safetensors' resolves to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subdirectory_that_links_outside_the_root_is_refused_not_skipped()
    {
        var snapshot = Path.Combine(Root, "rollout", "v1");
        Directory.CreateDirectory(snapshot);
        Snapshots.WriteFull(snapshot, Snapshots.Initial(16, seed: 1));
        Directory.CreateSymbolicLink(Path.Combine(snapshot, "draft"), Outside);

        var error = await Assert.ThrowsAsync<SnapshotLoadException>(() => SnapshotLoader.LoadFullAsync(Root, snapshot, CancellationToken.None));
        Assert.Contains("'rollout/v1/draft/model-00000.safetensors' resolves to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_that_stay_inside_the_root_and_a_root_that_is_itself_a_link_are_fine()
    {
        var real = Path.Combine(Root, "rollout", "real");
        Directory.CreateDirectory(real);
        var alias = Path.Combine(Root, "rollout", "alias");
        Directory.CreateSymbolicLink(alias, "real");
        Assert.Equal(alias, SnapshotRoot.CheckInside(Root, alias));

        var linkedRoot = Path.Combine(scratch.FullName, "linked-root");
        Directory.CreateSymbolicLink(linkedRoot, Root);
        Assert.Equal(Path.Combine(linkedRoot, "rollout", "real"), SnapshotRoot.CheckInside(linkedRoot, Path.Combine(linkedRoot, "rollout", "real")));
        Assert.Throws<SnapshotLoadException>(() => SnapshotRoot.CheckInside(linkedRoot, Path.Combine(linkedRoot, "rollout", "..", "..", "outside")));
    }

    [Fact]
    public void A_link_loop_is_an_error_not_a_hang()
    {
        var a = Path.Combine(Root, "a");
        var b = Path.Combine(Root, "b");
        Directory.CreateSymbolicLink(a, b);
        Directory.CreateSymbolicLink(b, a);
        Assert.ThrowsAny<Exception>(() => SnapshotRoot.CheckInside(Root, Path.Combine(a, "x")));
    }
}
