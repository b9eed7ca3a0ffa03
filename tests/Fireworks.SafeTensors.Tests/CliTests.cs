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

    [Fact]
    public async Task VerifyChecksADeltaDirectoryFileByFile()
    {
        using var dir = new TempDirectory();
        var (prevDir, nextDir) = Snapshots(dir, new Random(40));
        Assert.Equal(ExitCodes.Success, (await RunAsync("encode", "-b", prevDir, "-t", nextDir, "-o", dir.File("delta"), "-i", "a")).Code);

        var (code, output, error) = await RunAsync("verify", "-b", prevDir, "-d", dir.File("delta"), "--expect-base-identity", "a");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(error);
        Assert.Contains("model-00000.safetensors: fwdelta-ulp-ctx-zstd v2, base 'a', 1 tensor", output, StringComparison.Ordinal);
        Assert.Contains("model-00001.safetensors: fwdelta-ulp-ctx-zstd v2, base 'a', 1 tensor", output, StringComparison.Ordinal);
        Assert.Contains("not a delta (a decode copies it): config.json", output, StringComparison.Ordinal);
        Assert.Contains("OK: every base and target checksum matches.", output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync("verify", "-d", dir.File("delta"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("XOR tensors need --base for a full check", output, StringComparison.Ordinal);

        var shard = dir.File("delta/model-00001.safetensors");
        var bytes = File.ReadAllBytes(shard);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(shard, bytes);
        (code, _, error) = await RunAsync("verify", "-b", prevDir, "-d", dir.File("delta"));
        Assert.Equal(ExitCodes.Corrupted, code);
        Assert.Contains("model-00001.safetensors", error, StringComparison.Ordinal);

        // A shard whose base file is missing must not pass as checked: the base is needed for its XOR tensors.
        File.Delete(Path.Combine(prevDir, "model-00000.safetensors"));
        (code, _, error) = await RunAsync("verify", "-b", prevDir, "-d", dir.File("delta"));
        Assert.Equal(ExitCodes.IOError, code);
        Assert.Contains("model-00000.safetensors", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatsRefusesADirectoryAsInvalidInputNamingTheOption()
    {
        using var dir = new TempDirectory();
        var (prevDir, nextDir) = Snapshots(dir, new Random(41));
        var (code, output, error) = await RunAsync("stats", "-b", prevDir, "-t", nextDir, "--json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Empty(output);
        Assert.Contains($"--target '{nextDir}' is a directory", error, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MixingShardsAndDirectoriesIsInvalidInputNamingTheMismatchedOption()
    {
        using var dir = new TempDirectory();
        var (prev, next) = DeltaCodecTests.Pair(dir, new Random(42));
        var (prevDir, nextDir) = Snapshots(dir, new Random(43));
        var delta = dir.File("d.safetensors");
        Assert.Equal(ExitCodes.Success, (await RunAsync("encode", "-b", prev, "-t", next, "-o", delta)).Code);
        Assert.Equal(ExitCodes.Success, (await RunAsync("encode", "-b", prevDir, "-t", nextDir, "-o", dir.File("delta"))).Code);

        (string[] Args, string Expected)[] cases =
        [
            (["encode", "-b", prevDir, "-t", next, "-o", dir.File("x.safetensors")], $"--base '{prevDir}' is a directory, but --target '{next}' is a shard"),
            (["encode", "-b", prev, "-t", nextDir, "-o", dir.File("x")], $"--base '{prev}' is a file, but --target '{nextDir}' is a snapshot directory"),
            (["encode", "-b", prev, "-t", next, "-o", nextDir], $"--output '{nextDir}' is a directory, but --target '{next}' is a shard"),
            (["encode", "-b", prevDir, "-t", nextDir, "-o", prev], $"--output '{prev}' is an existing file, but --target '{nextDir}' is a snapshot directory"),
            (["decode", "-b", prev, "-d", dir.File("delta"), "-o", dir.File("x")], $"--base '{prev}' is a file, but --delta '{dir.File("delta")}'"),
            (["decode", "-b", prevDir, "-d", delta, "-o", dir.File("x.safetensors")], $"--base '{prevDir}' is a directory, but --delta '{delta}' is a shard"),
            (["verify", "-b", prevDir, "-d", delta], $"--base '{prevDir}' is a directory, but --delta '{delta}' is a shard"),
            (["verify", "-b", prev, "-d", dir.File("delta")], $"--base '{prev}' is a file, but --delta '{dir.File("delta")}'"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (code, _, error) = await RunAsync(args);
            Assert.True(code == ExitCodes.InvalidInput, $"{string.Join(' ', args)}: exit {code}, {error}");
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(dir.File("x.safetensors")));
        Assert.False(Directory.Exists(dir.File("x")));
    }

    [Theory]
    [InlineData("99")]
    [InlineData("23")]
    [InlineData("-131073")]
    public async Task LevelOutsideZstdsRangeIsAUsageError(string level)
    {
        using var dir = new TempDirectory();
        var (prev, next) = DeltaCodecTests.Pair(dir, new Random(44));
        var (code, _, error) = await RunAsync("encode", "-b", prev, "-t", next, "-o", dir.File("x.safetensors"), "--level", level);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"--level must be between -131072 and 22, not {level}.", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x.safetensors")));

        (code, _, error) = await RunAsync("stats", "-b", prev, "-t", next, "--level", level);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--level must be between", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LevelsInsideZstdsRangeAreAccepted()
    {
        using var dir = new TempDirectory();
        var (prev, next) = DeltaCodecTests.Pair(dir, new Random(45));
        foreach (var level in new[] { "-131072", "-200", "0", "22" })
        {
            Assert.Equal(ExitCodes.Success, (await RunAsync("encode", "-b", prev, "-t", next, "-o", dir.File("x.safetensors"), "--level", level)).Code);
        }
    }

    [Fact]
    public async Task AnOutputThatIsAnInputIsRefusedAndTheInputIsLeftIntact()
    {
        using var dir = new TempDirectory();
        var (prev, next) = DeltaCodecTests.Pair(dir, new Random(46));
        var delta = dir.File("d.safetensors");
        Assert.Equal(ExitCodes.Success, (await RunAsync("encode", "-b", prev, "-t", next, "-o", delta)).Code);
        var before = new[] { prev, next, delta }.ToDictionary(p => p, File.ReadAllBytes);
        var relativeNext = Path.Combine(dir.Path, ".", Path.GetFileName(next));

        (string[] Args, string Expected)[] cases =
        [
            (["encode", "-b", prev, "-t", next, "-o", relativeNext], "is the next snapshot"),
            (["encode", "-b", prev, "-t", next, "-o", prev], "is the base"),
            (["decode", "-b", prev, "-d", delta, "-o", delta], "is the delta"),
            (["decode", "-b", prev, "-d", delta, "-o", prev], "is the base"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (code, _, error) = await RunAsync(args);
            Assert.True(code == ExitCodes.InvalidInput, $"{string.Join(' ', args)}: exit {code}, {error}");
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.Contains("writing it would replace that input", error, StringComparison.Ordinal);
            Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        }

        foreach (var (path, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public async Task AnOutputThatIsASymbolicLinkToAnInputIsRefused()
    {
        using var dir = new TempDirectory();
        var (prev, next) = DeltaCodecTests.Pair(dir, new Random(47));
        var link = dir.File("link.safetensors");
        File.CreateSymbolicLink(link, next);
        var before = File.ReadAllBytes(next);
        var (code, _, error) = await RunAsync("encode", "-b", prev, "-t", next, "-o", link);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("is the next snapshot", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(next));
    }

    [Fact]
    public async Task AFailedDirectoryDecodeLeavesNoPartialSnapshot()
    {
        using var dir = new TempDirectory();
        var (prevDir, nextDir) = Snapshots(dir, new Random(48));
        Assert.Equal(ExitCodes.Success, (await RunAsync("encode", "-b", prevDir, "-t", nextDir, "-o", dir.File("delta"))).Code);
        var shard = dir.File("delta/model-00001.safetensors");
        var bytes = File.ReadAllBytes(shard);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(shard, bytes);

        // config.json and model-00000 decode before model-00001 fails: none of them may appear.
        var (code, _, _) = await RunAsync("decode", "-b", prevDir, "-d", dir.File("delta"), "-o", dir.File("rebuilt"));
        Assert.Equal(ExitCodes.Corrupted, code);
        Assert.False(Directory.Exists(dir.File("rebuilt")));

        var existing = Directory.CreateDirectory(dir.File("existing")).FullName;
        File.WriteAllText(Path.Combine(existing, "keep.txt"), "kept");
        (code, _, _) = await RunAsync("decode", "-b", prevDir, "-d", dir.File("delta"), "-o", existing);
        Assert.Equal(ExitCodes.Corrupted, code);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(existing).Select(Path.GetFileName));
        Assert.Equal(["a", "b", "delta", "existing"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AFailedDirectoryEncodeLeavesNoPartialDelta()
    {
        using var dir = new TempDirectory();
        var (prevDir, nextDir) = Snapshots(dir, new Random(49));
        File.WriteAllText(Path.Combine(nextDir, "model-00002.safetensors"), "secret-token-1234");
        var (code, _, error) = await RunAsync("encode", "-b", prevDir, "-t", nextDir, "-o", dir.File("delta"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("model-00002.safetensors", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnExistingOutputIsReplacedAndItsOtherFilesKept()
    {
        using var dir = new TempDirectory();
        var (prevDir, nextDir) = Snapshots(dir, new Random(50));
        var output = Directory.CreateDirectory(dir.File("delta")).FullName;
        File.WriteAllText(Path.Combine(output, "config.json"), "old");
        File.WriteAllText(Path.Combine(output, "README.md"), "mine");
        Assert.Equal(ExitCodes.Success, (await RunAsync("encode", "-b", prevDir, "-t", nextDir, "-o", output)).Code);
        Assert.Equal("{}", File.ReadAllText(Path.Combine(output, "config.json")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "README.md")));
        Assert.True(File.Exists(Path.Combine(output, "model-00001.safetensors")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path, ".*"));
    }

    [Fact]
    public async Task AnEmptyPathIsAUsageError()
    {
        using var dir = new TempDirectory();
        var (_, next) = DeltaCodecTests.Pair(dir, new Random(51));
        var (code, _, error) = await RunAsync("encode", "-t", next, "-o", string.Empty);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--output must not be empty.", error, StringComparison.Ordinal);
    }

    /// <summary>Base and next snapshot directories with two shards and a config file.</summary>
    private static (string Previous, string Next) Snapshots(TempDirectory dir, Random random)
    {
        var prevDir = Directory.CreateDirectory(dir.File("a")).FullName;
        var nextDir = Directory.CreateDirectory(dir.File("b")).FullName;
        foreach (var name in new[] { "model-00000.safetensors", "model-00001.safetensors" })
        {
            var shard = TestFiles.Random(random, "w", SafeTensorsDType.BF16, 5000);
            TestFiles.Write(Path.Combine(prevDir, name), [shard]);
            TestFiles.Write(Path.Combine(nextDir, name), [TestFiles.Perturb(random, shard, 0.1)]);
        }

        File.WriteAllText(Path.Combine(nextDir, "config.json"), "{}");
        return (prevDir, nextDir);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FwDeltaCommand.RunAsync(args, output, error, interactive: false, new FakeTimeProvider());
        return (code, output.ToString(), error.ToString());
    }
}
