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

        // --main-mib / --reps shrink a full run on a machine too loaded for 1 GiB shards; the report states what was used.
        var mainSize = Option(args, "--main-mib") is { } mib ? long.Parse(mib, Inv) << 20 : isShort ? 32L << 20 : 1L << 30;
        var smallSize = Math.Min(isShort ? 8L << 20 : 256L << 20, mainSize / 4);
        var reps = Option(args, "--reps") is { } r ? int.Parse(r, Inv) : isShort ? 1 : 3;
        var cases = new List<CaseResult>();
        var v1Cases = new List<CaseResult>();
        foreach (var dtype in new[] { SafeTensorsDType.BF16, SafeTensorsDType.F32 })
        {
            foreach (var lr in new[] { 1e-5f, 1e-4f })
            {
                var runCli = dtype == SafeTensorsDType.BF16 && lr == 1e-5f;
                var (v2, v1) = await RunCasePairAsync(work, dtype, lr, mainSize, reps, runCli, repoRoot);
                cases.Add(v2);
                v1Cases.Add(v1);
            }
        }

        var memoryCase = await RunCaseAsync(work, SafeTensorsDType.BF16, 1e-5f, smallSize, reps, baselines: false, runCli: true, repoRoot);
        var sweep = await LearningRateSweepAsync(work, isShort ? 8L << 20 : 128L << 20, isShort);

        var markdown = Render(isShort, cases, v1Cases, memoryCase, sweep, loadBefore, LoadAverage(), total.Elapsed, reps);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, markdown);
        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {outPath} in {total.Elapsed.TotalSeconds:F0} s");
        var clis = cases.Append(memoryCase).Where(c => c.Cli is not null).Select(c => c.Cli!).ToList();
        return cases.Concat(v1Cases).All(c => c.BitExact) && memoryCase.BitExact && clis.All(c => c.BitExact && c.ExitCodes.All(e => e == 0)) ? 0 : 1;
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
            $"v{version} {Label(result)} {Size(result.TargetBytes)}: ratio {result.Ratio.ToString("F2", Inv)} share of its bound {result.BoundShare.ToString("P1", Inv)} " +
            $"xor bound {result.Stats.BoundRatio.ToString("F2", Inv)} ulp bound {result.Stats.UlpBoundRatio.ToString("F2", Inv)} ulp|exp bound {result.Stats.ContextBoundRatio.ToString("F2", Inv)} " +
            $"encode {result.EncodeGBps.ToString("F2", Inv)} GB/s ({result.Encode.CpuSeconds.ToString("F2", Inv)} CPU s) " +
            $"decode {result.DecodeGBps.ToString("F2", Inv)} GB/s ({result.Decode.CpuSeconds.ToString("F2", Inv)} CPU s) " +
            $"peak {Size(result.PeakEncode)}/{Size(result.PeakDecode)} bit-exact {result.BitExact}");
        return result.BitExact ? 0 : 1;
    }

    /// <summary>Version 2 and version 1 on the same generated pair (v2 with the zstd baselines and the CLI round trip).</summary>
    private static async Task<(CaseResult V2, CaseResult V1)> RunCasePairAsync(string work, SafeTensorsDType dtype, float lr, long size, int reps, bool runCli, string repoRoot)
    {
        var v1 = await RunCaseAsync(work, dtype, lr, size, reps, baselines: false, runCli: false, repoRoot, version: DeltaFormat.V1Version, keepFiles: true);
        var v2 = await RunCaseAsync(work, dtype, lr, size, reps, baselines: true, runCli, repoRoot, reuseFiles: true);
        return (v2, v1);
    }

    private static async Task<CaseResult> RunCaseAsync(
        string work, SafeTensorsDType dtype, float lr, long size, int reps, bool baselines, bool runCli, string repoRoot, int? threads = null,
        int version = DeltaFormat.Version, bool keepFiles = false, bool reuseFiles = false)
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

        if (!reuseFiles)
        {
            ShardGenerator.Write(Model(dtype, size), lr, prev, next);
        }

        var targetBytes = new FileInfo(next).Length;
        var stats = await DeltaCodec.ComputeStatsAsync(prev, next, new DeltaEncodeOptions { FormatVersion = version });
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

        // One worker: what a single core does (the machine is shared, so this is the figure least bent by other jobs).
        File.Delete(delta);
        var singleEncode = await Measurement.RunAsync(() => DeltaCodec.EncodeFileAsync(prev, next, delta, new DeltaEncodeOptions { FormatVersion = version, MaxDegreeOfParallelism = 1 }));
        File.Delete(output);
        var singleDecode = await Measurement.RunAsync(() => DeltaCodec.DecodeFileAsync(prev, delta, output, new DeltaDecodeOptions { MaxDegreeOfParallelism = 1 }));
        bitExact &= FileCompare.Identical(next, output);
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
        if (keepFiles)
        {
            File.Delete(delta);
            File.Delete(output);
        }
        else
        {
            Directory.Delete(dir, recursive: true);
        }

        return new CaseResult(
            dtype, lr, targetBytes, stats, encoded!.DeltaBytes, bestEncode!, bestDecode!, firstDecode!, peakEncode, peakDecode, absolutePeak, bitExact,
            zstdFile, zstdFileSeconds, zstdXor, zstdXorSeconds, cli, version, singleEncode, singleDecode);
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
                var v1 = await DeltaCodec.ComputeStatsAsync(prev, next, new DeltaEncodeOptions { FormatVersion = DeltaFormat.V1Version });
                results.Add(new SweepResult(dtype, lr, stats.ChangedFraction, stats.CompressionRatio, stats.ContextBoundRatio, stats.ShareOfContextBound, MeanAbsoluteUpdate(dtype, lr), v1.CompressionRatio, v1.BoundRatio));
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
        bool isShort, List<CaseResult> cases, List<CaseResult> v1Cases, CaseResult memory, List<SweepResult> sweep,
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
            : "Full run, version 2 (`" + DeltaFormat.Name + "`, the default) against version 1 (`" + DeltaFormat.V1Name + "`) on the same files.");
        Line();
        Line("## Machine");
        Line();
        Line($"- CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores; RAM {TotalMemoryGiB()} GiB; {RuntimeInformation.OSDescription}; .NET {Environment.Version}.");
        var shared = Math.Max(OneMinuteLoad(loadBefore), OneMinuteLoad(loadAfter)) > Environment.ProcessorCount;
        Line($"- Load average (1/5/15 min) before: {loadBefore}; after: {loadAfter}. "
            + (shared
                ? $"Other work shared the machine (load above its {Environment.ProcessorCount} cores), so wall-clock throughput is depressed and noisy"
                : $"Nothing else competed for the CPU (one-minute load at most the {Environment.ProcessorCount} cores, this run's own workers included)")
            + $": each figure is the best of {reps} run(s), CPU seconds are shown next to it, and a single-worker run gives what one core does.");
        Line($"- Whole run: {elapsed.TotalSeconds.ToString("F0", Inv)} s. Files live in the OS temp directory (page cache); the delta and decoded files are deleted before each run so the kernel recycles their pages.");
        Line();
        Line("## What is measured");
        Line();
        Line("- **Checkpoint**: seeded synthetic Llama-style shard (hidden 2048, 16 heads / 4 KV heads, MLP 5632, vocab 32000; embedding first when it fits, then whole layers), FP32 master weights ~N(0, 0.02) (RMSNorm gains 1 + N(0, 0.02)), written as BF16 (round-to-nearest-even) or F32.");
        Line("- **Optimizer step** (AdamW, steady state, noisy gradients): per element g = μ + σξ with a weak signal μ ~ N(0, (0.1σ)²), σ = 1e-3; m ~ μ + σ·√((1−β1)/(1+β1))·z₁ (β1 = 0.9); v ≈ (μ² + σ²)(1 + √(2/1999)·z₂) (β2 = 0.999); Δw = −lr·(m/(√v + 1e-8) + 0.01·w). |Δw| averages about 0.2·lr, so in BF16 most updates round away and only some elements change, mostly by ±1 ULP.");
        Line("- **Ratio** = next-shard bytes / delta bytes (whole files, headers included).");
        Line("- **Bounds** (order-0 entropies, Σ over tensors of n·H/8 bytes, computed by `DeltaCodec.ComputeStatsAsync` from exact per-tensor histograms): **XOR** = of the XOR byte planes (version 1's bound); **ULP** = of the byte planes of the folded ULP deltas z = zigzag(o(next) − o(base)), o the order-preserving integer of the float's bits; **ULP | exp** = the same conditioned on the base element's exponent, Σ_e Σ_planes n_e·H(plane | e), taking per tensor the smaller of it and the XOR bound (version 2 picks the XOR transform where it measures smaller). Version 1's share is against the XOR bound, version 2's against ULP | exp.");
        Line("- **Throughput** = next-shard bytes / wall time, for the whole file operation (open, read both inputs, checksum, write, rename); **1 worker** = the same with `MaxDegreeOfParallelism = 1`. **Peak RSS Δ** = peak resident set during the operation minus the idle process before it (Linux VmHWM, reset per operation).");
        Line($"- **Baselines**, same files: zstd level {Baselines.Level} (ZstdSharp, one stream, one thread) of the whole next file, and of the unsplit byte-wise XOR of the two files.");
        Line();
        Line("## Results");
        Line();
        Line("| case | size | changed | version | ratio | v1 size / v2 size | bound XOR / ULP / ULP \\| exp | share of its bound | encode GB/s (CPU s) | decode GB/s (CPU s) | 1 worker enc / dec GB/s | peak RSS Δ enc / dec | bit-exact |");
        Line("|---|---:|---:|:-:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|");
        foreach (var (v2, v1) in cases.Zip(v1Cases))
        {
            foreach (var c in new[] { v1, v2 })
            {
                var gain = c.Version == DeltaFormat.V1Version ? "1.00×" : $"**{((double)v1.DeltaBytes / v2.DeltaBytes).ToString("F2", Inv)}×**";
                Line($"| {Label(c)} | {Size(c.TargetBytes)} | {c.Stats.ChangedFraction.ToString("P2", Inv)} | v{c.Version} | {c.Ratio.ToString("F2", Inv)}× | {gain} | " +
                    $"{c.Stats.BoundRatio.ToString("F2", Inv)}× / {c.Stats.UlpBoundRatio.ToString("F2", Inv)}× / {c.Stats.ContextBoundRatio.ToString("F2", Inv)}× | {c.BoundShare.ToString("P1", Inv)} | " +
                    $"{c.EncodeGBps.ToString("F2", Inv)} ({c.Encode.CpuSeconds.ToString("F2", Inv)}) | {c.DecodeGBps.ToString("F2", Inv)} ({c.Decode.CpuSeconds.ToString("F2", Inv)}) | " +
                    $"{c.SingleEncodeGBps.ToString("F2", Inv)} / {c.SingleDecodeGBps.ToString("F2", Inv)} | {Size(c.PeakEncode)} / {Size(c.PeakDecode)} | {(c.BitExact ? "yes" : "**NO**")} |");
            }
        }

        Line($"| {Label(memory)} | {Size(memory.TargetBytes)} | {memory.Stats.ChangedFraction.ToString("P2", Inv)} | v{memory.Version} | {memory.Ratio.ToString("F2", Inv)}× | — | " +
            $"{memory.Stats.BoundRatio.ToString("F2", Inv)}× / {memory.Stats.UlpBoundRatio.ToString("F2", Inv)}× / {memory.Stats.ContextBoundRatio.ToString("F2", Inv)}× | {memory.BoundShare.ToString("P1", Inv)} | " +
            $"{memory.EncodeGBps.ToString("F2", Inv)} ({memory.Encode.CpuSeconds.ToString("F2", Inv)}) | {memory.DecodeGBps.ToString("F2", Inv)} ({memory.Decode.CpuSeconds.ToString("F2", Inv)}) | " +
            $"{memory.SingleEncodeGBps.ToString("F2", Inv)} / {memory.SingleDecodeGBps.ToString("F2", Inv)} | {Size(memory.PeakEncode)} / {Size(memory.PeakDecode)} | {(memory.BitExact ? "yes" : "**NO**")} |");
        Line();
        Line("Baselines (v2 runs): " + string.Join("; ", cases.Select(c => $"{Label(c)}: zstd of the next file {Baseline(c.TargetBytes, c.ZstdFileBytes, c.ZstdFileSeconds)}, of the unsplit XOR {Baseline(c.TargetBytes, c.ZstdXorBytes, c.ZstdXorSeconds)}")) + ".");
        Line();
        Line("CPU s is the process CPU time (user + kernel) of the best run. The first decode of each case writes into memory this VM has never handed out, which costs the kernel far more than reusing freed page-cache pages: " +
            string.Join(", ", cases.Concat(v1Cases).Append(memory).Select(c => $"{Label(c)} v{c.Version} {(c.TargetBytes / c.FirstDecode.Seconds / 1e9).ToString("F2", Inv)} GB/s")) + ".");
        Line();
        Line("Order-0 entropy of each XOR byte plane (bits per byte, plane 0 = least significant byte), element-weighted over the shard:");
        Line();
        foreach (var c in cases)
        {
            Line($"- {Label(c)}: {string.Join(", ", PlaneEntropies(c.Stats).Select((b, i) => $"plane {i} {b.ToString("F3", Inv)}"))}");
        }

        Line();
        Line("## Targets (version 2)");
        Line();
        var bf16 = cases.Zip(v1Cases).Where(p => p.First.DType == SafeTensorsDType.BF16).ToList();
        var worstGain = bf16.Min(p => (double)p.Second.DeltaBytes / p.First.DeltaBytes);
        Line($"- BF16 deltas ≥ 1.3× smaller than v1: {(worstGain >= 1.3 ? "**met**" : "**missed**")} (smallest gain {worstGain.ToString("F2", Inv)}×).");
        var f32 = cases.Zip(v1Cases).Where(p => p.First.DType == SafeTensorsDType.F32).ToList();
        Line($"- F32 no worse than v1: {(f32.All(p => p.First.DeltaBytes <= p.Second.DeltaBytes) ? "**met**" : "**missed**")} ({string.Join(", ", f32.Select(p => $"{Label(p.First)} {p.First.Ratio.ToString("F2", Inv)}× vs {p.Second.Ratio.ToString("F2", Inv)}×"))}).");
        Line($"- BF16 encode ≥ 1 GB/s on {Environment.ProcessorCount} cores: {Verdict(bf16.Select(p => (p.First, p.First.EncodeGBps)), 1.0)}.");
        Line($"- BF16 decode ≥ 2 GB/s on {Environment.ProcessorCount} cores: {Verdict(bf16.Select(p => (p.First, p.First.DecodeGBps)), 2.0)}.");
        Line("- Per core (bytes per CPU-second of the process, and the single-worker run): " +
            string.Join("; ", cases.Select(c => $"{Label(c)} encode {(c.TargetBytes / c.Encode.CpuSeconds / 1e9).ToString("F2", Inv)} / {c.SingleEncodeGBps.ToString("F2", Inv)}, decode {(c.TargetBytes / c.Decode.CpuSeconds / 1e9).ToString("F2", Inv)} / {c.SingleDecodeGBps.ToString("F2", Inv)} GB/s")) + ".");
        Line("- Scaling with cores (best wall-clock throughput with all workers over the single-worker run): " +
            string.Join("; ", cases.Select(c => $"{Label(c)} encode {(c.EncodeGBps / c.SingleEncodeGBps).ToString("F2", Inv)}×, decode {(c.DecodeGBps / c.SingleDecodeGBps).ToString("F2", Inv)}×")) + ".");
        var smallCli = memory.Cli!;
        var bigCli = cases.Single(c => c.Cli is not null).Cli!;
        Line($"- Peak memory independent of shard size: whole `fw-delta` processes peak at {Size(smallCli.PeakRss[0])} (encode) / {Size(smallCli.PeakRss[2])} (decode) resident with a {Size(smallCli.TargetBytes)} shard and {Size(bigCli.PeakRss[0])} / {Size(bigCli.PeakRss[2])} with a {Size(bigCli.TargetBytes)} shard; in-process, one operation adds at most {Size(cases.Append(memory).Max(c => Math.Max(c.PeakEncode, c.PeakDecode)))} to the resident set. Buffers are per worker and per chunk ({DeltaFormat.DefaultChunkBytes >> 20} MiB chunks, {Environment.ProcessorCount} workers, pooled across calls); inputs are read with positional reads, never mapped or loaded whole.");
        Line();
        Line("## Update sizes (version 2, with version 1 for reference)");
        Line();
        Line("| dtype | lr | mean abs(Δw)/lr | changed elements | v2 ratio | ULP \\| exp bound | v2 share | v1 ratio | XOR bound | v1 size / v2 size | v2 ≥ 20× |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|");
        foreach (var s in sweep)
        {
            Line($"| {s.DType.ToWireName()} | {s.LearningRate.ToString("0e0", Inv)} | {s.MeanUpdateOverLr.ToString("F3", Inv)} | {s.ChangedFraction.ToString("P2", Inv)} | {s.Ratio.ToString("F2", Inv)}× | {s.Bound.ToString("F2", Inv)}× | {s.Share.ToString("P1", Inv)} | {s.V1Ratio.ToString("F2", Inv)}× | {s.V1Bound.ToString("F2", Inv)}× | {(s.Ratio / s.V1Ratio).ToString("F2", Inv)}× | {(s.Ratio >= 20 ? "yes" : "no")} |");
        }

        Line();
        Line("## fw-delta round trip (version 2)");
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

    private static double OneMinuteLoad(string loadAverage) =>
        double.TryParse(loadAverage.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : 0;

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
        Measurement FirstDecode, long PeakEncode, long PeakDecode, long AbsolutePeak, bool BitExact, long? ZstdFileBytes, double ZstdFileSeconds, long? ZstdXorBytes, double ZstdXorSeconds, CliResult? Cli,
        int Version, Measurement SingleEncode, Measurement SingleDecode)
    {
        public double SingleEncodeGBps => TargetBytes / SingleEncode.Seconds / 1e9;

        public double SingleDecodeGBps => TargetBytes / SingleDecode.Seconds / 1e9;

        /// <summary>Share of the bound this version is measured against: the XOR planes for v1, ULP given the exponent for v2.</summary>
        public double BoundShare => (Version == DeltaFormat.V1Version ? Stats.EntropyBoundBytes : Stats.ContextBoundBytes) / DeltaBytes;

        public double Ratio => (double)TargetBytes / DeltaBytes;

        public double Share => Stats.EntropyBoundBytes / DeltaBytes;

        public double EncodeGBps => TargetBytes / Encode.Seconds / 1e9;

        public double DecodeGBps => TargetBytes / Decode.Seconds / 1e9;
    }

    private sealed record CliResult(long TargetBytes, List<int> ExitCodes, List<double> Seconds, List<long> PeakRss, bool BitExact, string Transcript);

    private sealed record SweepResult(SafeTensorsDType DType, float LearningRate, double ChangedFraction, double Ratio, double Bound, double Share, double MeanUpdateOverLr, double V1Ratio, double V1Bound);
}
