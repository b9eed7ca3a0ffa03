using Fireworks.Delta;
using Fireworks.Tests.HotLoad.Infrastructure;
using Xunit;

namespace Fireworks.Tests.HotLoad;

/// <summary>The chain signals the format its <see cref="IDeltaEncoder"/> declares, whatever made the bytes.</summary>
public sealed class DeltaEncoderSeamTests
{
    [Fact]
    public async Task AnExternalCommandsDeclaredFormatIsSignalledAsIsAndARefusalFallsBackToFull()
    {
        using var fixture = new ChainFixture();
        var script = Path.Combine(Path.GetTempPath(), $"fw-arc-standin-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, "#!/bin/bash\nhead -c 64 \"$2\" > \"$3\"\n");
        try
        {
            var encoder = new ExternalCommandDeltaEncoder(new ExternalDeltaEncoderOptions
            {
                FileName = "/bin/bash",
                Arguments = [script, "{previous}", "{next}", "{output}", "{base_identity}"],
                CompressionFormat = "arc_v2",
                ChecksumFormat = "alder32",
            });
            using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(deltaEncoder: encoder));
            await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
            var result = await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1));

            // The stand-in's bytes went out labelled arc_v2; this fake server (like the emulator) cannot decode arc_v2 and says so.
            var deltaSignal = fixture.Server.Signals.Single(s => s.Request.Identity == "step-000001");
            Assert.Equal("arc_v2", deltaSignal.Request.IncrementalSnapshotMetadata!.CompressionFormat);
            Assert.Equal("alder32", deltaSignal.Request.IncrementalSnapshotMetadata.ChecksumFormat);
            Assert.Equal("step-000001-full", result.Identity);
            Assert.Contains("unknown compression_format 'arc_v2'", chain.DeltasDisabledReason);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task TheDefaultCodecSignalsItsOwnVersionAndVersion1StillLoads()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(
            fixture.Options(deltaEncoder: new CodecDeltaEncoder(new DeltaEncodeOptions { FormatVersion = DeltaFormat.V1Version })));
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        var checkpoint = fixture.WriteCheckpoint(1);
        var result = await fixture.PushAsync(chain, 1, checkpoint);

        Assert.Equal(SnapshotKind.Delta, result.Kind);
        fixture.AssertServes(result.Identity, checkpoint);
        Assert.Equal(DeltaFormat.V1Name, fixture.Server.Signals[^1].Request.IncrementalSnapshotMetadata!.CompressionFormat);
        Assert.All(fixture.Server.Signals, s => Assert.DoesNotContain("arc_v2", s.Body));
    }

    [Fact]
    public async Task AFailingEncoderFallsBackToAFullSnapshot()
    {
        using var fixture = new ChainFixture();
        var encoder = new ExternalCommandDeltaEncoder(new ExternalDeltaEncoderOptions
        {
            FileName = "/bin/bash",
            Arguments = ["-c", "echo 'reference encoder crashed' >&2; exit 7", "{output}"],
            CompressionFormat = "arc_v2",
            ChecksumFormat = "alder32",
        });
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(deltaEncoder: encoder));
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        var checkpoint = fixture.WriteCheckpoint(1);
        var result = await fixture.PushAsync(chain, 1, checkpoint);

        Assert.Equal(SnapshotKind.Full, result.Kind);
        Assert.Contains("exited with code 7", result.FallbackReason);
        Assert.Contains("reference encoder crashed", result.FallbackReason);
        fixture.AssertServes(result.Identity, checkpoint);
        Assert.DoesNotContain(fixture.Server.Signals, s => s.Request.Identity == "step-000001");
    }
}
