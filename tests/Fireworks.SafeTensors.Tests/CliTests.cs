using System.Text.Json;
using Fireworks.Delta;
using Fireworks.Delta.Cli;
using Fireworks.SafeTensors;
using Microsoft.Extensions.Time.Testing;

namespace Fireworks.SafeTensors.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task EncodeDecodeVerifyAndStatsRoundTripAShard()
    {
        using var dir = new TempDirectory();
        var (prev, next) = DeltaCodecTests.Pair(dir, new Random(30));
        var delta = dir.File("step-0002/model.safetensors");

        var (code, output, error) = await RunAsync("encode", "--base", prev, "--target", next, "--output", delta, "--base-identity", "step-0001");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(error);
        Assert.Contains("encoded model.safetensors", output, StringComparison.Ordinal);
        Assert.Contains("3 xor, 0 whole, 0 removed tensors", output, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("decode", "-b", prev, "-d", delta, "-o", dir.File("out.safetensors"), "--expect-base-identity", "step-0001");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("all Adler-32 checksums match (base 'step-0001')", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(next), File.ReadAllBytes(dir.File("out.safetensors")));

        (code, output, _) = await RunAsync("verify", "--base", prev, "--delta", delta);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("fwdelta-ulp-ctx-zstd v2, base 'step-0001', 3 tensors", output, StringComparison.Ordinal);
        Assert.Contains("every base and target checksum matches", output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync("stats", "--base", prev, "--target", next);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("embed", output, StringComparison.Ordinal);
        Assert.Contains("order-0 bound", output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync("stats", "--base", prev, "--target", next, "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(3, json.RootElement.GetProperty("Tensors").GetArrayLength());
    }

    [Fact]
    public async Task StatsJsonHandlesUnchangedTensorsWithInfiniteRatios()
    {
        using var dir = new TempDirectory();
        var frozen = TestFiles.Random(new Random(33), "frozen", SafeTensorsDType.BF16, 512);
        var prev = TestFiles.Write(dir.File("p.safetensors"), [frozen]);
        var next = TestFiles.Write(dir.File("n.safetensors"), [frozen]);
        var (code, output, error) = await RunAsync("stats", "-b", prev, "-t", next, "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(error);
        using var json = JsonDocument.Parse(output);
        var tensor = json.RootElement.GetProperty("Tensors")[0];
        Assert.Equal("Infinity", tensor.GetProperty("CompressionRatio").GetString());
        Assert.Equal("Xor", tensor.GetProperty("Encoding").GetString());
        Assert.Equal(0, tensor.GetProperty("ChangedElements").GetInt64());
    }

    [Fact]
    public async Task ErrorsMapToDistinctExitCodesWithClearMessages()
    {
        using var dir = new TempDirectory();
        var random = new Random(31);
        var (prev, next) = DeltaCodecTests.Pair(dir, random);
        var delta = dir.File("d.safetensors");
        Assert.Equal(ExitCodes.Success, (await RunAsync("encode", "-b", prev, "-t", next, "-o", delta, "-i", "step-0001")).Code);

        var (code, _, error) = await RunAsync("decode", "-b", next, "-d", delta, "-o", dir.File("o.safetensors"));
        Assert.Equal(ExitCodes.WrongBase, code);
        Assert.Contains("this delta was made against base 'step-0001'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("o.safetensors")));

        var bytes = File.ReadAllBytes(delta);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(dir.File("bad.safetensors"), bytes);
        (code, _, error) = await RunAsync("verify", "-b", prev, "-d", dir.File("bad.safetensors"));
        Assert.Equal(ExitCodes.Corrupted, code);
        Assert.Contains("corrupted delta", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("decode", "-b", prev, "-d", next, "-o", dir.File("o.safetensors"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("not a fwdelta-ulp-ctx-zstd or fwdelta-xor-bp-zstd delta", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("verify", "-d", dir.File("missing.safetensors"));
        Assert.Equal(ExitCodes.IOError, code);
        Assert.Contains("missing.safetensors", error, StringComparison.Ordinal);

        (code, _, _) = await RunAsync("encode", "--target", next);
        Assert.Equal(ExitCodes.Usage, code);

        (code, _, error) = await RunAsync("encode", "-t", next, "-o", dir.File("x.safetensors"), "--chunk-mib", "0");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--chunk-mib must be between 1 and 256", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x.safetensors")));
    }

    [Fact]
    public async Task DirectoriesAreEncodedAndDecodedFileByFile()
    {
        using var dir = new TempDirectory();
        var random = new Random(32);
        var prevDir = Directory.CreateDirectory(dir.File("a")).FullName;
        var nextDir = Directory.CreateDirectory(dir.File("b")).FullName;
        var shard = TestFiles.Random(random, "w", SafeTensorsDType.BF16, 5000);
        TestFiles.Write(Path.Combine(prevDir, "model-00000.safetensors"), [shard]);
        TestFiles.Write(Path.Combine(nextDir, "model-00000.safetensors"), [TestFiles.Perturb(random, shard, 0.1)]);
        File.WriteAllText(Path.Combine(nextDir, "config.json"), "{}");

        var (code, output, _) = await RunAsync("encode", "-b", prevDir, "-t", nextDir, "-o", dir.File("delta"), "-i", "a", "--no-progress");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("copied  config.json", output, StringComparison.Ordinal);
        (code, _, _) = await RunAsync("decode", "-b", prevDir, "-d", dir.File("delta"), "-o", dir.File("rebuilt"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(nextDir, "model-00000.safetensors")), File.ReadAllBytes(dir.File("rebuilt/model-00000.safetensors")));
        Assert.Equal("{}", File.ReadAllText(dir.File("rebuilt/config.json")));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FwDeltaCommand.RunAsync(args, output, error, interactive: false, new FakeTimeProvider());
        return (code, output.ToString(), error.ToString());
    }
}
