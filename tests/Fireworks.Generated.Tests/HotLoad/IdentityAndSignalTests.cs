using System.Text.Json;
using Fireworks.Delta;
using Fireworks.Models;
using Fireworks.Serialization;
using Xunit;

namespace Fireworks.Tests.HotLoad;

public sealed class IdentityAndSignalTests
{
    [Theory]
    [InlineData("runs/step-1", "contains '/'")]
    [InlineData("runs\\step-1", "contains '\\'")]
    [InlineData("", "it is empty")]
    [InlineData(null, "it is empty")]
    [InlineData(".", "relative directory")]
    [InlineData("..", "relative directory")]
    [InlineData("step\n1", "control character")]
    public void AnIdentityThatIsNotOnePathSegmentIsRejectedWithTheReason(string? identity, string reason)
    {
        var rejected = Assert.Throws<ArgumentException>(() => SnapshotIdentity.Validate(identity));

        Assert.Contains(reason, rejected.Message);
        Assert.Equal("identity", rejected.ParamName);
        Assert.False(SnapshotIdentity.IsValid(identity));
    }

    [Fact]
    public void AnOverlongIdentityIsRejected()
    {
        Assert.True(SnapshotIdentity.IsValid(new string('a', SnapshotIdentity.MaxLength)));
        Assert.Contains("256 characters", Assert.Throws<ArgumentException>(() => SnapshotIdentity.Validate(new string('a', 256))).Message);
    }

    [Theory]
    [InlineData("step-000042")]
    [InlineData("version_001")]
    [InlineData("v2..final")]
    public void OrdinaryIdentitiesAreAccepted(string identity) => Assert.Equal(identity, SnapshotIdentity.Validate(identity));

    [Fact]
    public void StepIdentitiesArePaddedSoTheySortByStep()
    {
        Assert.Equal("step-000000", SnapshotIdentity.ForStep(0));
        Assert.Equal("step-000042", SnapshotIdentity.ForStep(42));
        Assert.Equal("step-1234567", SnapshotIdentity.ForStep(1_234_567));
        Assert.Throws<ArgumentOutOfRangeException>(() => SnapshotIdentity.ForStep(-1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ADeltaWithoutPreviousIdentityCannotBeBuilt(string? previous)
    {
        var refused = Assert.Throws<ArgumentException>(() => HotLoadSignal.Delta("step-000002", previous));

        Assert.Equal("previousSnapshotIdentity", refused.ParamName);
        Assert.Contains("must be full", refused.Message);
    }

    [Fact]
    public void ADeltaCannotBeItsOwnBaseNorNameAnInvalidOne()
    {
        Assert.Contains("its own base", Assert.Throws<ArgumentException>(() => HotLoadSignal.Delta("step-2", "step-2")).Message);
        Assert.Equal("previousSnapshotIdentity", Assert.Throws<ArgumentException>(() => HotLoadSignal.Delta("step-2", "runs/step-1")).ParamName);
        Assert.Equal("identity", Assert.Throws<ArgumentException>(() => HotLoadSignal.Delta("runs/step-2", "step-1")).ParamName);
        Assert.Equal("identity", Assert.Throws<ArgumentException>(() => HotLoadSignal.Full("runs/step-2")).ParamName);
    }

    [Fact]
    public void ADeltaSignalCarriesOurFormatAndAdler32NeverArcV2()
    {
        var request = HotLoadSignal.Delta("step-000002", "step-000001");
        var json = JsonSerializer.Serialize(request, FireworksJsonContext.Default.HotLoadSignalRequest);

        Assert.Equal("step-000001", request.IncrementalSnapshotMetadata!.PreviousSnapshotIdentity);
        Assert.Equal("fwdelta-ulp-ctx-zstd", request.IncrementalSnapshotMetadata.CompressionFormat);
        Assert.Equal(DeltaFormat.Name, request.IncrementalSnapshotMetadata.CompressionFormat);
        Assert.Equal("alder32", request.IncrementalSnapshotMetadata.ChecksumFormat);
        Assert.Contains("\"incremental_snapshot_metadata\"", json);
        Assert.Contains("\"previous_snapshot_identity\":\"step-000001\"", json);
        Assert.DoesNotContain("arc_v2", json);
    }

    [Fact]
    public void AFullSignalCarriesNoMetadataAndPassesTheOptions()
    {
        var request = HotLoadSignal.Full("step-000000", ResetPromptCache.NewSession, ["snapshot_only_option"]);
        var json = JsonSerializer.Serialize(request, FireworksJsonContext.Default.HotLoadSignalRequest);

        Assert.Null(request.IncrementalSnapshotMetadata);
        Assert.DoesNotContain("incremental_snapshot_metadata", json);
        Assert.Contains("\"reset_prompt_cache\":\"new_session\"", json);
        Assert.Contains("\"extra_fields_ignore\":[\"snapshot_only_option\"]", json);
        Assert.Contains("\"reset_prompt_cache\":\"flush_everything\"", JsonSerializer.Serialize(
            HotLoadSignal.Full("step-0", new ResetPromptCache("flush_everything")), FireworksJsonContext.Default.HotLoadSignalRequest)); // newer than the SDK: sent as given
        Assert.Throws<ArgumentException>(() => HotLoadSignal.Full("step-0", extraConfigFieldsToIgnore: [" "]));
    }

    [Fact]
    public void AnUploadIsConsistentWithItsKind()
    {
        SnapshotFile[] files = [new("config.json", "/tmp/config.json", 10)];

        Assert.Equal("previousSnapshotIdentity", Assert.Throws<ArgumentException>(() => new SnapshotUpload("step-1", "/tmp", files, SnapshotKind.Delta)).ParamName);
        Assert.Throws<ArgumentException>(() => new SnapshotUpload("step-1", "/tmp", files, SnapshotKind.Full, previousIdentity: "step-0"));
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => new SnapshotUpload("step-1", "/tmp", [files[0], files[0]], SnapshotKind.Full)).Message);
        Assert.Throws<ArgumentException>(() => new SnapshotUpload("a/b", "/tmp", files, SnapshotKind.Full));
    }

    [Fact]
    public async Task AnUploadNotifiesEachLandedFileOnce()
    {
        var landed = new List<string>();
        var upload = new SnapshotUpload(
            "step-1",
            "/tmp",
            [new("config.json", "/tmp/config.json", 10), new("model-00000.safetensors", "/tmp/model-00000.safetensors", 90)],
            SnapshotKind.Delta,
            "step-0",
            (file, _) =>
            {
                landed.Add(file.RelativePath);
                return Task.CompletedTask;
            });

        await upload.FileUploadedAsync("model-00000.safetensors");
        await upload.FileUploadedAsync("model-00000.safetensors");
        await upload.FileUploadedAsync("config.json");

        Assert.Equal(["model-00000.safetensors", "config.json"], landed);
        Assert.Equal(100, upload.TotalBytes);
        Assert.True(upload.IsDelta);
        await Assert.ThrowsAsync<ArgumentException>(() => upload.FileUploadedAsync("tokenizer.json"));
    }
}
