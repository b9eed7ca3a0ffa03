using Fireworks.Delta;
using Microsoft.Extensions.Time.Testing;

namespace Fireworks.SafeTensors.Tests;

/// <summary>The external-command encoder seam, driven by small bash stand-ins for Fireworks' reference encoder.</summary>
public sealed class ExternalCommandDeltaEncoderTests
{
    private const string Secret = "fw_supersecret_key_123";

    [Fact]
    public async Task WritesTheCommandsOutputAtTheDeltaPathAndDeclaresItsFormat()
    {
        using var dir = new TempDirectory();
        var (job, encoder) = Setup(dir, "printf '%s|%s|' \"$4\" \"$(basename \"$1\")\" > \"$3\"; head -c 100 \"$2\" >> \"$3\"; echo working >&2");
        var bytes = await encoder.EncodeShardAsync(job, null, CancellationToken.None);

        Assert.Equal("arc_v2", encoder.CompressionFormat);
        Assert.Equal("alder32", encoder.ChecksumFormat);
        var written = File.ReadAllBytes(job.DeltaPath);
        Assert.Equal(written.Length, bytes);
        Assert.StartsWith("step-9|p.safetensors|", System.Text.Encoding.ASCII.GetString(written), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(job.DeltaPath)!));
    }

    [Fact]
    public async Task NonZeroExitIsAnErrorWithTheRedactedEndOfStandardError()
    {
        using var dir = new TempDirectory();
        var (job, encoder) = Setup(
            dir,
            "echo \"auth $FW_KEY failed for https://bucket.example/x.safetensors?X-Amz-Signature=abc123&X-Amz-Credential=me\" >&2; echo 'Authorization: Bearer sk-live-998877' >&2; echo partial > \"$3\"; exit 3");
        var ex = await Assert.ThrowsAsync<DeltaEncoderException>(() => encoder.EncodeShardAsync(job, null, CancellationToken.None));

        Assert.Equal(3, ex.ExitCode);
        Assert.Contains("exited with code 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https://bucket.example/x.safetensors?[REDACTED]", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-998877", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(job.DeltaPath)!));
    }

    [Theory]
    [InlineData("exit 0", "wrote no file")]
    [InlineData(": > \"$3\"", "wrote an empty file")]
    [InlineData("head -c 20000 /dev/zero > \"$3\"", "more than the")]
    public async Task MissingEmptyOrOversizedOutputIsRejected(string script, string expected)
    {
        using var dir = new TempDirectory();
        var (job, encoder) = Setup(dir, script);
        var ex = await Assert.ThrowsAsync<DeltaEncoderException>(() => encoder.EncodeShardAsync(job, null, CancellationToken.None));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(job.DeltaPath)!));
    }

    [Fact]
    public async Task TimeoutKillsTheProcessTreeOnTheInjectedClock()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider();
        var (job, encoder) = Setup(dir, "sleep 600 & wait", clock);
        var encode = encoder.EncodeShardAsync(job, null, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(31));
        var ex = await Assert.ThrowsAsync<DeltaEncoderException>(() => encode);
        Assert.Contains("did not finish within", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.ExitCode);
    }

    [Fact]
    public async Task CancellationKillsTheProcessTreeAndLeavesNothing()
    {
        using var dir = new TempDirectory();
        var (job, encoder) = Setup(dir, "echo started > \"$3\"; sleep 600 & wait");
        using var cancellation = new CancellationTokenSource();
        var encode = encoder.EncodeShardAsync(job, null, cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encode);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(job.DeltaPath)!));
    }

    [Fact]
    public async Task DirectoryEncodingRunsTheCommandPerShardAndCopiesTheRest()
    {
        using var dir = new TempDirectory();
        foreach (var side in new[] { "prev", "next" })
        {
            Directory.CreateDirectory(dir.File(side));
            File.WriteAllBytes(dir.File($"{side}/model-00001-of-00002.safetensors"), new byte[1000]);
            File.WriteAllBytes(dir.File($"{side}/model-00002-of-00002.safetensors"), new byte[1000]);
            File.WriteAllText(dir.File($"{side}/config.json"), "{}");
        }

        var (_, encoder) = Setup(dir, "head -c 10 \"$2\" > \"$3\"");
        var (shards, copied) = await DeltaCodec.EncodeDirectoryAsync(dir.File("prev"), dir.File("next"), dir.File("delta"), encoder, "step-1");
        Assert.Equal([10L, 10L], shards.Values);
        Assert.Equal(["config.json"], copied);
        Assert.Equal(10, new FileInfo(dir.File("delta/model-00002-of-00002.safetensors")).Length);
    }

    [Fact]
    public void SettingsWithoutAnOutputPlaceholderOrFormatAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ExternalCommandDeltaEncoder(new ExternalDeltaEncoderOptions
        {
            FileName = "python3", Arguments = ["encode.py", "{next}"], CompressionFormat = "arc_v2", ChecksumFormat = "alder32",
        }));
        Assert.Throws<ArgumentException>(() => new ExternalCommandDeltaEncoder(new ExternalDeltaEncoderOptions
        {
            FileName = "python3", Arguments = ["{output}"], CompressionFormat = " ", ChecksumFormat = "alder32",
        }));
    }

    [Fact]
    public void TheDefaultEncoderDeclaresOurOwnFormatNeverArcV2()
    {
        Assert.Equal(DeltaFormat.Name, new CodecDeltaEncoder().CompressionFormat);
        Assert.Equal(DeltaFormat.V1Name, new CodecDeltaEncoder(new DeltaEncodeOptions { FormatVersion = 1 }).CompressionFormat);
        Assert.Equal("alder32", new CodecDeltaEncoder().ChecksumFormat);
    }

    private static (DeltaShardJob Job, ExternalCommandDeltaEncoder Encoder) Setup(TempDirectory dir, string script, TimeProvider? clock = null)
    {
        var path = dir.File("encode.sh");
        File.WriteAllText(path, "#!/bin/bash\n" + script + "\n");
        File.WriteAllBytes(dir.File("p.safetensors"), new byte[1000]);
        File.WriteAllBytes(dir.File("n.safetensors"), Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray());
        Directory.CreateDirectory(dir.File("out"));
        var encoder = new ExternalCommandDeltaEncoder(
            new ExternalDeltaEncoderOptions
            {
                FileName = "/bin/bash",
                Arguments = [path, "{previous}", "{next}", "{output}", "{base_identity}"],
                CompressionFormat = "arc_v2",
                ChecksumFormat = "alder32",
                Environment = new Dictionary<string, string> { ["FW_KEY"] = Secret },
            },
            clock);
        return (new DeltaShardJob(dir.File("p.safetensors"), dir.File("n.safetensors"), dir.File("out/n.safetensors"), "step-9"), encoder);
    }
}
