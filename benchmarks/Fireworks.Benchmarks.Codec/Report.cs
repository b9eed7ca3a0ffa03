using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Fireworks.Delta;
using Fireworks.SafeTensors;

namespace Fireworks.Benchmarks.Codec;

/// <summary>
/// The end-to-end benchmark behind docs/codec-benchmarks.md: synthetic checkpoints, one simulated optimizer step,
/// encode/decode throughput, ratio against the order-0 bound, peak memory, zstd baselines, a level sweep, a
/// learning-rate sweep and a round trip through the fw-delta tool. The markdown is written by this program.
/// </summary>
internal static class Report
{
    private const ulong Seed = 20251122;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var isShort = args.Contains("--short");
        var repoRoot = FindRepoRoot();
        var work = Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "fwdelta-bench");

        // A smoke run must never overwrite the published numbers: it writes next to its work files unless told otherwise.
        var outPath = Option(args, "--out") ?? (isShort ? Path.Combine(work, "codec-benchmarks.short.md") : Path.Combine(repoRoot, "docs", "codec-benchmarks.md"));
        Directory.CreateDirectory(work);
        var total = Stopwatch.StartNew();
        var loadBefore = LoadAverage();

        var mainSize = isShort ? 32L << 20 : 1L << 30;
        var smallSize = isShort ? 8L << 20 : 256L << 20;
        var reps = isShort ? 1 : 5;
        var cases = new List<CaseResult>();
        foreach (var dtype in new[] { SafeTensorsDType.BF16, SafeTensorsDType.F32 })
        {
            foreach (var lr in new[] { 1e-5f, 1e-4f })
            {
                var runCli = dtype == SafeTensorsDType.BF16 && lr == 1e-5f;
                cases.Add(await RunCaseAsync(work, dtype, lr, mainSize, reps, baselines: true, runCli, repoRoot));
            }
        }

        var memoryCase = await RunCaseAsync(work, SafeTensorsDType.BF16, 1e-5f, smallSize, reps, baselines: false, runCli: true, repoRoot);
        var levels = await LevelSweepAsync(work, isShort ? 16L << 20 : 256L << 20);
        var sweep = await LearningRateSweepAsync(work, isShort ? 8L << 20 : 128L << 20, isShort);

        var markdown = Render(isShort, cases, memoryCase, levels, sweep, loadBefore, LoadAverage(), total.Elapsed, reps);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, markdown);
        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {outPath} in {total.Elapsed.TotalSeconds:F0} s");
        var clis = cases.Append(memoryCase).Where(c => c.Cli is not null).Select(c => c.Cli!).ToList();
        return cases.All(c => c.BitExact) && memoryCase.BitExact && clis.All(c => c.BitExact && c.ExitCodes.All(e => e == 0)) ? 0 : 1;
    }

    /// <summary><c>case DTYPE LR MIB [REPS [THREADS]]</c>: one case with timings only, for profiling.</summary>
    public static async Task<int> RunSingleCaseAsync(string[] args)
    {
        var dtype = args[0].Equals("f32", StringComparison.OrdinalIgnoreCase) ? SafeTensorsDType.F32 : SafeTensorsDType.BF16;
        var lr = float.Parse(args[1], Inv);
        var size = long.Parse(args[2], Inv) << 20;
        var reps = args.Length > 3 ? int.Parse(args[3], Inv) : 3;
        int? threads = args.Length > 4 ? int.Parse(args[4], Inv) : null;
        var version = args.Length > 5 ? int.Parse(args[5], Inv) : DeltaFormat.Version;
        var work = Path.Combine(Path.GetTempPath(), "fwdelta-bench");
        var result = await RunCaseAsync(work, dtype, lr, size, reps, baselines: false, runCli: false, FindRepoRoot(), threads, version);
        Console.WriteLine(
            $"v{version} {Label(result)} {Size(result.TargetBytes)}: ratio {result.Ratio.ToString("F2", Inv)} share {result.Share.ToString("P1", Inv)} " +
            $"xor bound {result.Stats.BoundRatio.ToString("F2", Inv)} ulp bound {result.Stats.UlpBoundRatio.ToString("F2", Inv)} ulp|exp bound {result.Stats.ContextBoundRatio.ToString("F2", Inv)} " +
            $"encode {result.EncodeGBps.ToString("F2", Inv)} GB/s ({result.Encode.CpuSeconds.ToString("F2", Inv)} CPU s) " +
            $"decode {result.DecodeGBps.ToString("F2", Inv)} GB/s ({result.Decode.CpuSeconds.ToString("F2", Inv)} CPU s) " +
            $"peak {Size(result.PeakEncode)}/{Size(result.PeakDecode)} bit-exact {result.BitExact}");
        return result.BitExact ? 0 : 1;
    }

    private static async Task<CaseResult> RunCaseAsync(string work, SafeTensorsDType dtype, float lr, long size, int reps, bool baselines, bool runCli, string repoRoot, int? threads = null, int version = DeltaFormat.Version)
    {
        var name = $"{dtype.ToWireName().ToLowerInvariant()}-lr{lr.ToString("0e0", Inv)}-{size >> 20}m";
        Console.Error.WriteLine($"[case] {name}");
        var dir = Path.Combine(work, name);
        Directory.CreateDirectory(dir);
        var prev = Path.Combine(dir, "previous", "model-00001-of-00001.safetensors");
        var next = Path.Combine(dir, "next", "model-00001-of-00001.safetensors");
        var delta = Path.Combine(dir, "delta", "model-00001-of-00001.safetensors");
        var output = Path.Combine(dir, "decoded", "model-00001-of-00001.safetensors");
        foreach (var path in new[] { prev, next, delta, output })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        ShardGenerator.Write(Model(dtype, size), lr, prev, next);
        var targetBytes = new FileInfo(next).Length;
        var stats = await DeltaCodec.ComputeStatsAsync(prev, next);
        Console.Error.WriteLine($"[case] {name}: generated and measured the bound");

        Measurement? bestEncode = null, bestDecode = null, firstDecode = null;
        long peakEncode = 0, peakDecode = 0, absolutePeak = 0;
        DeltaEncodeResult? encoded = null;
        for (var rep = 0; rep < reps; rep++)
        {
            // Deleting first lets the page cache recycle the freed pages for the new file.
            File.Delete(delta);
            var e = await Measurement.RunAsync(async () => encoded = await DeltaCodec.EncodeFileAsync(prev, next, delta, new DeltaEncodeOptions { BaseIdentity = "step-0001", MaxDegreeOfParallelism = threads, FormatVersion = version }));
            File.Delete(output);
            var d = await Measurement.RunAsync(() => DeltaCodec.DecodeFileAsync(prev, delta, output, new DeltaDecodeOptions { ExpectedBaseIdentity = "step-0001", MaxDegreeOfParallelism = threads }));
            bestEncode = bestEncode is null || e.Seconds < bestEncode.Seconds ? e : bestEncode;
            bestDecode = bestDecode is null || d.Seconds < bestDecode.Seconds ? d : bestDecode;
            firstDecode ??= d;
            peakEncode = Math.Max(peakEncode, e.PeakRssDeltaBytes);
            peakDecode = Math.Max(peakDecode, d.PeakRssDeltaBytes);
            absolutePeak = Math.Max(absolutePeak, Math.Max(e.PeakRssBytes, d.PeakRssBytes));
            Console.Error.WriteLine($"[case] {name}: encode {e.Seconds.ToString("F2", Inv)} s ({e.CpuSeconds.ToString("F2", Inv)} CPU s), decode {d.Seconds.ToString("F2", Inv)} s ({d.CpuSeconds.ToString("F2", Inv)} CPU s)");
        }

        var bitExact = FileCompare.Identical(next, output);
        long? zstdFile = null, zstdXor = null;
        double zstdFileSeconds = 0, zstdXorSeconds = 0;
        if (baselines)
        {
            var clock = Stopwatch.StartNew();
            zstdFile = Baselines.ZstdFile(next);
            zstdFileSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            zstdXor = Baselines.ZstdXor(prev, next);
            zstdXorSeconds = clock.Elapsed.TotalSeconds;
        }

        CliResult? cli = runCli ? await RunCliAsync(repoRoot, dir, prev, next) : null;
        Directory.Delete(dir, recursive: true);
        return new CaseResult(
            dtype, lr, targetBytes, stats, encoded!.DeltaBytes, bestEncode!, bestDecode!, firstDecode!, peakEncode, peakDecode, absolutePeak, bitExact,
            zstdFile, zstdFileSeconds, zstdXor, zstdXorSeconds, cli);
    }

    /// <summary>The full model shapes for real runs; the small model keeps smoke-run shards at a few MiB.</summary>
    private static SyntheticCheckpoint Model(SafeTensorsDType dtype, long size) =>
        size >= 128L << 20 ? SyntheticCheckpoint.Llama(Seed, dtype, size) : SyntheticCheckpoint.SmallLlama(Seed, dtype, size);

    private static async Task<CliResult> RunCliAsync(string repoRoot, string dir, string prev, string next)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "fw-delta.dll");
        var delta = Path.Combine(dir, "cli-delta", Path.GetFileName(next));
        var output = Path.Combine(dir, "cli-decoded", Path.GetFileName(next));
        var commands = new[]
        {
            new[] { "encode", "--base", prev, "--target", next, "--output", delta, "--base-identity", "step-0001", "--no-progress" },
            ["verify", "--base", prev, "--delta", delta, "--no-progress"],
            ["decode", "--base", prev, "--delta", delta, "--output", output, "--expect-base-identity", "step-0001", "--no-progress"],
        };
        var codes = new List<int>();
        var seconds = new List<double>();
        var peaks = new List<long>();
        var transcript = new StringBuilder();
        foreach (var command in commands)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repoRoot };
            info.ArgumentList.Add(tool);
            foreach (var arg in command)
            {
                info.ArgumentList.Add(arg);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            var stdoutTask = process.StandardOutput.ReadToEndAsync();
            var stderrTask = process.StandardError.ReadToEndAsync();
            long peak = 0;
            while (!process.HasExited)
            {
                // VmHWM only grows, so the last reading before exit is the process's peak resident set.
                peak = Math.Max(peak, ResidentMemory.PeakOf(process.Id) ?? 0);
                await Task.Delay(5);
            }

            await process.WaitForExitAsync();
            var stdout = await stdoutTask;
            var stderr = await stderrTask;
            seconds.Add(clock.Elapsed.TotalSeconds);
            codes.Add(process.ExitCode);
            peaks.Add(peak);
            transcript.AppendLine(Inv, $"$ fw-delta {string.Join(' ', command.Select(a => a.Replace(dir, "$CASE", StringComparison.Ordinal)))}");
            transcript.Append((stdout + stderr).Replace(dir, "$CASE", StringComparison.Ordinal));
            transcript.AppendLine(Inv, $"(exit code {process.ExitCode})");
        }

        return new CliResult(new FileInfo(next).Length, codes, seconds, peaks, FileCompare.Identical(next, output), transcript.ToString());
    }

    private static async Task<List<LevelResult>> LevelSweepAsync(string work, long size)
    {
        var results = new List<LevelResult>();
        // The last rows switch zero-run tokenising off: every plane is plain zstd, which is what the format started as.
        (int Dense, int Token, bool ZeroRuns)[] settings =
        [
            (DeltaCodec.DefaultCompressionLevel, DeltaCodec.DefaultTokenCompressionLevel, true), (-5, -50, true), (3, -50, true), (1, -5, true), (1, 1, true), (3, 3, true), (7, 7, true),
            (1, 1, false), (3, 3, false), (9, 9, false),
        ];
        foreach (var (dtype, lr) in new[] { (SafeTensorsDType.BF16, 1e-4f), (SafeTensorsDType.F32, 1e-5f) })
        {
            Console.Error.WriteLine($"[levels] {dtype} {lr}");
            var dir = Path.Combine(work, "levels");
            Directory.CreateDirectory(dir);
            var prev = Path.Combine(dir, "p.safetensors");
            var next = Path.Combine(dir, "n.safetensors");
            var delta = Path.Combine(dir, "d.safetensors");
            ShardGenerator.Write(Model(dtype, size), lr, prev, next);
            var bound = (await DeltaCodec.ComputeStatsAsync(prev, next)).EntropyBoundBytes;
            foreach (var (dense, token, zeroRuns) in settings)
            {
                var options = new DeltaEncodeOptions { CompressionLevel = dense, TokenCompressionLevel = token, ZeroRunShare = zeroRuns ? 0.4 : 2 };
                DeltaEncodeResult? result = null;
                var seconds = double.MaxValue;
                for (var rep = 0; rep < 2; rep++)
                {
                    File.Delete(delta);
                    var m = await Measurement.RunAsync(async () => result = await DeltaCodec.EncodeFileAsync(prev, next, delta, options));
                    seconds = Math.Min(seconds, m.Seconds);
                }

                results.Add(new LevelResult(dtype, lr, dense, zeroRuns ? token : null, result!.CompressionRatio, bound / result.DeltaBytes, result.TargetBytes / seconds / 1e9));
            }

            Directory.Delete(dir, recursive: true);
        }

        return results;
    }

    private static async Task<List<SweepResult>> LearningRateSweepAsync(string work, long size, bool isShort)
    {
        var results = new List<SweepResult>();
        var dir = Path.Combine(work, "sweep");
        Directory.CreateDirectory(dir);
        var prev = Path.Combine(dir, "p.safetensors");
        var next = Path.Combine(dir, "n.safetensors");
        float[] bf16 = isShort ? [1e-6f, 1e-5f, 1e-4f] : [1e-6f, 3e-6f, 1e-5f, 2e-5f, 3e-5f, 1e-4f, 3e-4f];
        float[] f32 = isShort ? [1e-5f] : [1e-6f, 1e-5f, 1e-4f];
        foreach (var (dtype, rates) in new[] { (SafeTensorsDType.BF16, bf16), (SafeTensorsDType.F32, f32) })
        {
            foreach (var lr in rates)
            {
                Console.Error.WriteLine($"[sweep] {dtype} {lr}");
                ShardGenerator.Write(Model(dtype, size), lr, prev, next);
                var stats = await DeltaCodec.ComputeStatsAsync(prev, next);
                results.Add(new SweepResult(dtype, lr, stats.ChangedFraction, stats.CompressionRatio, stats.BoundRatio, stats.ShareOfBound, MeanAbsoluteUpdate(dtype, lr)));
            }
        }

        Directory.Delete(dir, recursive: true);
        return results;
    }

    /// <summary>Mean |Δw| / lr of the simulated optimizer over a sample of one tensor (F32 master weights).</summary>
    private static double MeanAbsoluteUpdate(SafeTensorsDType dtype, float lr)
    {
        var checkpoint = SyntheticCheckpoint.Llama(Seed, SafeTensorsDType.F32, 64L << 20);
        const int n = 1 << 16;
        var prev = new byte[n * 4];
        var next = new byte[n * 4];
        checkpoint.Fill(1, 0, n, lr, prev, next);
        var a = MemoryMarshal.Cast<byte, float>(prev);
        var b = MemoryMarshal.Cast<byte, float>(next);
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Math.Abs((double)b[i] - a[i]);
        }

        _ = dtype;
        return sum / n / lr;
    }

    private static string Render(
        bool isShort, List<CaseResult> cases, CaseResult memory, List<LevelResult> levels, List<SweepResult> sweep,
        string loadBefore, string loadAfter, TimeSpan elapsed, int reps)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.AppendLine(text);
        Line("# Codec benchmarks");
        Line();
        Line("<!-- Generated by benchmarks/Fireworks.Benchmarks.Codec (`dotnet run -c Release --project benchmarks/Fireworks.Benchmarks.Codec -- report`). Do not edit by hand. -->");
        Line();
        Line(isShort
            ? "**Smoke run (`--short`)**: small shards, one repetition. Numbers are for CI sanity only; see a full run for real figures."
            : "Full run.");
        Line();
        Line("## Machine");
        Line();
        Line($"- CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores; RAM {TotalMemoryGiB()} GiB; {RuntimeInformation.OSDescription}; .NET {Environment.Version}.");
        Line($"- Load average (1/5/15 min) before: {loadBefore}; after: {loadAfter}. The machine is shared with other jobs, so wall-clock throughput is noisy: each figure is the best of {reps} run(s), and CPU seconds are shown next to it.");
        Line($"- Whole run: {elapsed.TotalSeconds.ToString("F0", Inv)} s. Files live in the OS temp directory (page cache); the delta and decoded files are deleted before each run so the kernel recycles their pages.");
        Line();
        Line("## What is measured");
        Line();
        Line("- **Checkpoint**: seeded synthetic Llama-style shard (hidden 2048, 16 heads / 4 KV heads, MLP 5632, vocab 32000; embedding first when it fits, then whole layers), FP32 master weights ~N(0, 0.02) (RMSNorm gains 1 + N(0, 0.02)), written as BF16 (round-to-nearest-even) or F32.");
        Line("- **Optimizer step** (AdamW, steady state, noisy gradients): per element g = μ + σξ with a weak signal μ ~ N(0, (0.1σ)²), σ = 1e-3; m ~ μ + σ·√((1−β1)/(1+β1))·z₁ (β1 = 0.9); v ≈ (μ² + σ²)(1 + √(2/1999)·z₂) (β2 = 0.999); Δw = −lr·(m/(√v + 1e-8) + 0.01·w). |Δw| averages about 0.2·lr (measured: see the sweep table), so updates are mostly well below lr; in BF16 most of them round away and only some elements change.");
        Line("- **Ratio** = next-shard bytes / delta bytes (whole files, headers included). **Bound** = next-shard bytes / order-0 entropy of the XOR byte planes (Σ over tensors and planes of n·H(plane)/8); **share** = ratio / bound ratio, the target being ≥ 90%.");
        Line("- **Throughput** = next-shard bytes / wall time, for the whole file operation (open, read both inputs, checksum, write, rename). **Peak RSS Δ** = peak resident set during the operation minus the idle process before it (Linux VmHWM, reset per operation). **GC alloc** = managed bytes allocated by the operation.");
        Line($"- **Baselines**, same files, same run: zstd level {Baselines.Level} (ZstdSharp, one stream, one thread) of the whole next file, and of the unsplit byte-wise XOR of the two files.");
        Line();
        Line("## Results");
        Line();
        Line("| case | size | changed elements | ratio | bound | share of bound | encode GB/s (CPU s) | decode GB/s (CPU s) | peak RSS Δ enc / dec | GC alloc enc / dec | zstd next file | zstd unsplit XOR | bit-exact |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|");
        foreach (var c in cases.Append(memory))
        {
            Line($"| {c.DType.ToWireName()} lr {c.LearningRate.ToString("0e0", Inv)} | {Size(c.TargetBytes)} | {c.Stats.ChangedFraction.ToString("P2", Inv)} | {c.Ratio.ToString("F2", Inv)}× | {c.Stats.BoundRatio.ToString("F2", Inv)}× | {c.Share.ToString("P1", Inv)} | " +
                $"{c.EncodeGBps.ToString("F2", Inv)} ({c.Encode.CpuSeconds.ToString("F2", Inv)}) | {c.DecodeGBps.ToString("F2", Inv)} ({c.Decode.CpuSeconds.ToString("F2", Inv)}) | " +
                $"{Size(c.PeakEncode)} / {Size(c.PeakDecode)} | {Size(c.Encode.AllocatedBytes)} / {Size(c.Decode.AllocatedBytes)} | " +
                $"{Baseline(c.TargetBytes, c.ZstdFileBytes, c.ZstdFileSeconds)} | {Baseline(c.TargetBytes, c.ZstdXorBytes, c.ZstdXorSeconds)} | {(c.BitExact ? "yes" : "**NO**")} |");
        }

        Line();
        Line("CPU s is the process CPU time (user + kernel) of the best run; with both cores free, wall time approaches half of it. " +
            "The first decode of each case writes into memory this VM has never handed out, which costs the kernel far more than reusing freed page-cache pages: " +
            string.Join(", ", cases.Append(memory).Select(c => $"{Label(c)} {Size(c.TargetBytes)} first decode {(c.TargetBytes / c.FirstDecode.Seconds / 1e9).ToString("F2", Inv)} GB/s ({c.FirstDecode.CpuSeconds.ToString("F2", Inv)} CPU s)")) + ".");
        Line();
        Line("Order-0 entropy of each XOR byte plane (bits per byte, plane 0 = least significant byte), element-weighted over the shard:");
        Line();
        foreach (var c in cases)
        {
            Line($"- {c.DType.ToWireName()} lr {c.LearningRate.ToString("0e0", Inv)}: {string.Join(", ", PlaneEntropies(c.Stats).Select((b, i) => $"plane {i} {b.ToString("F3", Inv)}"))}");
        }

        Line();
        Line("## Targets");
        Line();
        var worstShare = cases.Min(c => c.Share);
        Line($"- Ratio ≥ 90% of the order-0 bound: {(worstShare >= 0.9 ? "**met**" : "**missed**")} (lowest share {worstShare.ToString("P1", Inv)}).");
        Line($"- Encode ≥ 1 GB/s: {Verdict(cases.Select(c => (c, c.EncodeGBps)), 1.0)}.");
        Line($"- Decode ≥ 2 GB/s: {Verdict(cases.Select(c => (c, c.DecodeGBps)), 2.0)}.");
        Line("- Less sensitive to other jobs on the machine: target bytes per CPU-second of the process (user + kernel), i.e. what one fully available core does: " +
            string.Join("; ", cases.Select(c => $"{Label(c)} encode {(c.TargetBytes / c.Encode.CpuSeconds / 1e9).ToString("F2", Inv)}, decode {(c.TargetBytes / c.Decode.CpuSeconds / 1e9).ToString("F2", Inv)} GB/s")) + ".");
        var bf = cases.First(c => c.DType == SafeTensorsDType.BF16 && c.LearningRate == 1e-5f);
        var smallCli = memory.Cli!;
        var bigCli = cases.Single(c => c.Cli is not null).Cli!;
        Line($"- Peak memory independent of shard size: whole `fw-delta` processes peak at {Size(smallCli.PeakRss[0])} (encode) / {Size(smallCli.PeakRss[2])} (decode) resident with a {Size(smallCli.TargetBytes)} shard and {Size(bigCli.PeakRss[0])} / {Size(bigCli.PeakRss[2])} with a {Size(bigCli.TargetBytes)} shard; in-process, one operation adds at most {Size(cases.Append(memory).Max(c => Math.Max(c.PeakEncode, c.PeakDecode)))} to the resident set (table above). Buffers are per worker and per chunk ({DeltaFormat.DefaultChunkBytes >> 20} MiB chunks, {Environment.ProcessorCount} workers, pooled across calls); inputs are read with positional reads, never mapped or loaded whole.");
        Line();
        Line("## zstd levels");
        Line();
        Line("Dense planes and zero-run token streams have separate levels (literal Huffman coding is forced on at negative levels). " +
            "Rows without a token level code every plane as plain zstd, with no zero-run tokens: this is why the format tokenises sparse planes. Encode throughput is the best of two runs.");
        Line();
        Line("| case | dense level | token level | ratio | share of bound | encode GB/s |");
        Line("|---|---:|---:|---:|---:|---:|");
        foreach (var l in levels)
        {
            var isDefault = l.Dense == DeltaCodec.DefaultCompressionLevel && l.Token == DeltaCodec.DefaultTokenCompressionLevel ? " (default)" : string.Empty;
            var token = l.Token is { } t ? t.ToString(Inv) : "— (no zero runs)";
            Line($"| {l.DType.ToWireName()} lr {l.LearningRate.ToString("0e0", Inv)} | {l.Dense}{isDefault} | {token} | {l.Ratio.ToString("F2", Inv)}× | {l.Share.ToString("P1", Inv)} | {l.EncodeGBps.ToString("F2", Inv)} |");
        }

        Line();
        Line("## Which update sizes reach 20×");
        Line();
        Line("| dtype | lr | mean abs(Δw)/lr | changed elements | ratio | bound | share | ≥ 20× |");
        Line("|---|---:|---:|---:|---:|---:|---:|:-:|");
        foreach (var s in sweep)
        {
            Line($"| {s.DType.ToWireName()} | {s.LearningRate.ToString("0e0", Inv)} | {s.MeanUpdateOverLr.ToString("F3", Inv)} | {s.ChangedFraction.ToString("P2", Inv)} | {s.Ratio.ToString("F2", Inv)}× | {s.Bound.ToString("F2", Inv)}× | {s.Share.ToString("P1", Inv)} | {(s.Ratio >= 20 ? "yes" : "no")} |");
        }

        var reaching = sweep.Where(s => s.Ratio >= 20).Select(s => $"{s.DType.ToWireName()} lr {s.LearningRate.ToString("0e0", Inv)}").ToList();
        Line();
        Line(reaching.Count > 0
            ? $"Reaching 20×: {string.Join(", ", reaching)}. F32 shards cannot (at most {sweep.Where(s => s.DType == SafeTensorsDType.F32).Max(s => s.Ratio).ToString("F2", Inv)}× here): " +
              "nearly every element changes in its low mantissa bytes, so the order-0 bound itself is only 2–3×. BF16 shards published from FP32 master weights change only where an update crosses a rounding boundary, which is why the changed fraction, not the learning rate as such, sets the ratio."
            : "No simulated update size reaches 20×.");
        Line();
        Line("## fw-delta round trip");
        Line();
        Line("Each shard goes through the packaged tool in separate processes (times include process start; peak RSS is the whole process):");
        Line();
        Line("| shard | encode | verify | decode | exit codes | bit-exact |");
        Line("|---|---:|---:|---:|---|:-:|");
        foreach (var c in new[] { memory.Cli!, cases.Single(c => c.Cli is not null).Cli! })
        {
            string Step(int i) => $"{c.Seconds[i].ToString("F2", Inv)} s, {Size(c.PeakRss[i])}";
            Line($"| BF16 lr 1e-5, {Size(c.TargetBytes)} | {Step(0)} | {Step(1)} | {Step(2)} | {string.Join(", ", c.ExitCodes)} | {(c.BitExact ? "yes" : "**NO**")} |");
        }

        Line();
        Line("```text");
        md.Append(cases.Single(c => c.Cli is not null).Cli!.Transcript);
        Line("```");
        return md.ToString();
    }

    private static double[] PlaneEntropies(DeltaStats stats)
    {
        var width = stats.Tensors.Max(t => t.PlaneEntropyBits.Count);
        var bits = new double[width];
        var weights = new double[width];
        foreach (var t in stats.Tensors)
        {
            for (var p = 0; p < t.PlaneEntropyBits.Count; p++)
            {
                bits[p] += t.PlaneEntropyBits[p] * t.ElementCount;
                weights[p] += t.ElementCount;
            }
        }

        return bits.Select((b, i) => weights[i] == 0 ? 0 : b / weights[i]).ToArray();
    }

    private static string Verdict(IEnumerable<(CaseResult Case, double Value)> values, double target)
    {
        var list = values.ToList();
        var met = list.Where(v => v.Value >= target).Select(v => Label(v.Case)).ToList();
        var missed = list.Where(v => v.Value < target).Select(v => $"{Label(v.Case)} {v.Value.ToString("F2", Inv)}").ToList();
        return missed.Count == 0 ? "**met** in every case" : $"met for {(met.Count == 0 ? "none" : string.Join(", ", met))}; **missed** for {string.Join(", ", missed)} GB/s";
    }

    private static string Label(CaseResult c) => $"{c.DType.ToWireName()} lr {c.LearningRate.ToString("0e0", Inv)}";

    private static string Baseline(long target, long? compressed, double seconds) =>
        compressed is null ? "—" : $"{((double)target / compressed.Value).ToString("F2", Inv)}× ({(target / seconds / 1e9).ToString("F2", Inv)} GB/s)";

    private static string Size(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("F2", Inv) + " GiB"
        : (bytes / (double)(1L << 20)).ToString("F1", Inv) + " MiB";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string TotalMemoryGiB() =>
        (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30)).ToString("F0", Inv);

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private sealed record CaseResult(
        SafeTensorsDType DType, float LearningRate, long TargetBytes, DeltaStats Stats, long DeltaBytes, Measurement Encode, Measurement Decode,
        Measurement FirstDecode, long PeakEncode, long PeakDecode, long AbsolutePeak, bool BitExact, long? ZstdFileBytes, double ZstdFileSeconds, long? ZstdXorBytes, double ZstdXorSeconds, CliResult? Cli)
    {
        public double Ratio => (double)TargetBytes / DeltaBytes;

        public double Share => Stats.EntropyBoundBytes / DeltaBytes;

        public double EncodeGBps => TargetBytes / Encode.Seconds / 1e9;

        public double DecodeGBps => TargetBytes / Decode.Seconds / 1e9;
    }

    private sealed record CliResult(long TargetBytes, List<int> ExitCodes, List<double> Seconds, List<long> PeakRss, bool BitExact, string Transcript);

    private sealed record LevelResult(SafeTensorsDType DType, float LearningRate, int Dense, int? Token, double Ratio, double Share, double EncodeGBps);

    private sealed record SweepResult(SafeTensorsDType DType, float LearningRate, double ChangedFraction, double Ratio, double Bound, double Share, double MeanUpdateOverLr);
}
