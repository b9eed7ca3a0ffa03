using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fireworks.SafeTensors;
using Spectre.Console;

namespace Fireworks.Delta.Cli;

/// <summary>The <c>fw-delta</c> command line: encode, decode, verify and stats.</summary>
public static class FwDeltaCommand
{
    // Ratios of unchanged tensors are infinite: write them as "Infinity" rather than failing.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">Arguments (without the program name).</param>
    /// <param name="output">Receives results.</param>
    /// <param name="error">Receives errors.</param>
    /// <param name="interactive">Whether a terminal is attached (enables the progress bar).</param>
    /// <param name="timeProvider">Clock for elapsed-time reporting.</param>
    /// <param name="cancellationToken">Cancels the running command.</param>
    /// <returns>The process exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, bool interactive, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = Build(output, error, interactive, timeProvider);
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("fw-delta: cancelled; no partial output was left behind.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
    }

    private static RootCommand Build(TextWriter output, TextWriter error, bool interactive, TimeProvider clock)
    {
        var noProgress = new Option<bool>("--no-progress") { Description = "Never draw a progress bar." };

        var encodeBase = new Option<string?>("--base", "-b") { Description = "Previous full snapshot: a .safetensors shard or a snapshot directory. Omit to store every tensor whole." };
        var encodeTarget = new Option<string>("--target", "-t") { Description = "Next full snapshot (shard or directory).", Required = true };
        var encodeOutput = new Option<string>("--output", "-o") { Description = "Delta to write (shard or directory; use the same file names as the snapshot).", Required = true };
        var identity = new Option<string>("--base-identity", "-i") { Description = "Hot-load identity of the base snapshot, recorded in the delta.", DefaultValueFactory = _ => string.Empty };
        var chunk = new Option<int>("--chunk-mib") { Description = "Chunk size in MiB (1–256).", DefaultValueFactory = _ => DeltaFormat.DefaultChunkBytes >> 20 };
        chunk.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < 1 || value > DeltaFormat.MaxChunkBytes >> 20)
            {
                result.AddError($"--chunk-mib must be between 1 and {DeltaFormat.MaxChunkBytes >> 20}, not {value}.");
            }
        });
        var threads = new Option<int?>("--threads", "-j") { Description = "Worker threads (default: all cores)." };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--threads must be at least 1.");
            }
        });
        var level = new Option<int>("--level")
        {
            Description = $"zstd level for dense byte planes ({DeltaCodec.MinCompressionLevel} to {DeltaCodec.MaxCompressionLevel}; negative is faster, 0 is zstd's default).",
            DefaultValueFactory = _ => DeltaCodec.DefaultCompressionLevel,
        };
        level.Validators.Add(result =>
        {
            // zstd would clamp an out-of-range level silently: say so instead of writing with a level nobody asked for.
            var value = result.GetValueOrDefault<int>();
            if (value < DeltaCodec.MinCompressionLevel || value > DeltaCodec.MaxCompressionLevel)
            {
                result.AddError($"--level must be between {DeltaCodec.MinCompressionLevel} and {DeltaCodec.MaxCompressionLevel}, not {value}.");
            }
        });
        var formatVersion = new Option<int>("--format-version")
        {
            Description = $"Delta format to write: {DeltaFormat.Version} ({DeltaFormat.Name}, default) or {DeltaFormat.V1Version} ({DeltaFormat.V1Name}, for readers that only know it).",
            DefaultValueFactory = _ => DeltaFormat.Version,
        };
        formatVersion.AcceptOnlyFromAmong(DeltaFormat.Version.ToString(CultureInfo.InvariantCulture), DeltaFormat.V1Version.ToString(CultureInfo.InvariantCulture));
        var encode = new Command("encode", $"Encode the {DeltaFormat.Name} (or, with --format-version 1, {DeltaFormat.V1Name}) delta from --base to --target.")
        {
            encodeBase, encodeTarget, encodeOutput, identity, chunk, level, formatVersion, threads, noProgress,
        };
        encode.SetAction((parse, ct) => GuardAsync(error, async () =>
        {
            var options = new DeltaEncodeOptions
            {
                BaseIdentity = parse.GetValue(identity) ?? string.Empty,
                ChunkBytes = parse.GetValue(chunk) * 1024 * 1024,
                CompressionLevel = parse.GetValue(level),
                FormatVersion = parse.GetValue(formatVersion),
                MaxDegreeOfParallelism = parse.GetValue(threads),
            };
            var basePath = parse.GetValue(encodeBase);
            var target = parse.GetValue(encodeTarget)!;
            var outputPath = parse.GetValue(encodeOutput)!;
            var directories = IsDirectoryRun(("--target", target), ("--base", basePath, false), ("--output", outputPath, true));
            var started = clock.GetTimestamp();
            var results = await WithProgressAsync(interactive && !parse.GetValue(noProgress), "encode", async progress =>
            {
                if (directories)
                {
                    var result = await DeltaCodec.EncodeDirectoryAsync(
                        basePath ?? throw new ArgumentException("--base is required when --target is a directory."), target, outputPath, options, progress, ct)
                        .ConfigureAwait(false);
                    foreach (var copied in result.CopiedFiles)
                    {
                        await output.WriteLineAsync($"copied  {copied}").ConfigureAwait(false);
                    }

                    return result.Encoded;
                }

                return [await DeltaCodec.EncodeFileAsync(basePath, target, outputPath, options, progress, ct).ConfigureAwait(false)];
            }).ConfigureAwait(false);
            var seconds = clock.GetElapsedTime(started).TotalSeconds;
            foreach (var r in results)
            {
                await output.WriteLineAsync(
                    $"encoded {Path.GetFileName(r.DeltaPath)}: {Size(r.TargetBytes)} -> {Size(r.DeltaBytes)} ({r.CompressionRatio.ToString("F2", CultureInfo.InvariantCulture)}x); " +
                    $"{r.XorTensors} xor, {r.FullTensors} whole, {r.RemovedTensors} removed tensors").ConfigureAwait(false);
            }

            await output.WriteLineAsync(Summary(results.Sum(r => r.TargetBytes), results.Sum(r => r.DeltaBytes), seconds)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));

        var decodeBase = new Option<string?>("--base", "-b") { Description = "The base snapshot the delta was made against (shard or directory)." };
        var decodeDelta = new Option<string>("--delta", "-d") { Description = "The delta (shard or directory).", Required = true };
        var decodeOutput = new Option<string>("--output", "-o") { Description = "Where to write the rebuilt full snapshot.", Required = true };
        var expect = new Option<string?>("--expect-base-identity") { Description = "Fail unless the delta was made against this identity." };
        var decode = new Command("decode", "Rebuild the full snapshot from --base and --delta, bit-exact; nothing is written unless every checksum matches.")
        {
            decodeBase, decodeDelta, decodeOutput, expect, threads, noProgress,
        };
        decode.SetAction((parse, ct) => GuardAsync(error, async () =>
        {
            var options = new DeltaDecodeOptions { ExpectedBaseIdentity = parse.GetValue(expect), MaxDegreeOfParallelism = parse.GetValue(threads) };
            var basePath = parse.GetValue(decodeBase);
            var delta = parse.GetValue(decodeDelta)!;
            var outputPath = parse.GetValue(decodeOutput)!;
            var directories = IsDirectoryRun(("--delta", delta), ("--base", basePath, false), ("--output", outputPath, true));
            var started = clock.GetTimestamp();
            var results = await WithProgressAsync(interactive && !parse.GetValue(noProgress), "decode", async progress =>
            {
                if (directories)
                {
                    var result = await DeltaCodec.DecodeDirectoryAsync(
                        basePath ?? throw new ArgumentException("--base is required when --delta is a directory."), delta, outputPath, options, progress, ct)
                        .ConfigureAwait(false);
                    foreach (var copied in result.CopiedFiles)
                    {
                        await output.WriteLineAsync($"copied  {copied}").ConfigureAwait(false);
                    }

                    return result.Decoded;
                }

                return [await DeltaCodec.DecodeFileAsync(basePath, delta, outputPath, options, progress, ct).ConfigureAwait(false)];
            }).ConfigureAwait(false);
            var seconds = clock.GetElapsedTime(started).TotalSeconds;
            foreach (var r in results)
            {
                await output.WriteLineAsync($"decoded {Path.GetFileName(r.OutputPath)}: {Size(r.TargetBytes)}, {Count(r.TensorCount, "tensor")}, all Adler-32 checksums match (base '{r.BaseIdentity}')")
                    .ConfigureAwait(false);
            }

            await output.WriteLineAsync(Summary(results.Sum(r => r.TargetBytes), 0, seconds)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));

        var verifyBase = new Option<string?>("--base", "-b")
        {
            Description = "The base shard or snapshot directory; without it only the deltas' own structure and whole tensors are checked.",
        };
        var verifyDelta = new Option<string>("--delta", "-d") { Description = "The delta (shard or directory, checked file by file).", Required = true };
        var verify = new Command("verify", "Decode without writing and check every Adler-32 checksum.")
        {
            verifyBase, verifyDelta, expect, threads, noProgress,
        };
        verify.SetAction((parse, ct) => GuardAsync(error, async () =>
        {
            var options = new DeltaDecodeOptions { ExpectedBaseIdentity = parse.GetValue(expect), MaxDegreeOfParallelism = parse.GetValue(threads) };
            var basePath = parse.GetValue(verifyBase);
            var deltaPath = parse.GetValue(verifyDelta)!;
            var directories = IsDirectoryRun(("--delta", deltaPath), ("--base", basePath, false));
            List<string> others = [];
            var deltas = directories ? DeltaShards(deltaPath, out others) : [(Path.GetFileName(deltaPath), deltaPath)];
            var allBaseChecked = true;
            await WithProgressAsync(interactive && !parse.GetValue(noProgress), "verify", async progress =>
            {
                foreach (var (name, path) in deltas)
                {
                    var info = DeltaCodec.ReadInfo(path);
                    var shardBase = basePath;
                    if (directories && basePath is not null)
                    {
                        // As in a decode, a shard new in this snapshot is stored whole and has no base file; a missing
                        // base file for a delta that needs one is reported, not skipped.
                        shardBase = Path.Combine(basePath, name);
                        if (!File.Exists(shardBase) && info.Tensors.All(t => t.Encoding != DeltaTensorEncoding.Xor))
                        {
                            shardBase = null;
                        }
                    }

                    var result = await DeltaCodec.VerifyAsync(shardBase, path, options, progress, ct).ConfigureAwait(false);
                    allBaseChecked &= result.BaseChecked || info.Tensors.All(t => t.Encoding != DeltaTensorEncoding.Xor);
                    await output.WriteLineAsync(
                        $"{name}: {info.FormatName} v{info.FormatVersion}, base '{info.BaseIdentity}', {Count(info.Tensors.Count, "tensor")}, " +
                        $"{Size(info.TargetBytes)} -> {Size(info.DeltaBytes)} ({info.CompressionRatio.ToString("F2", CultureInfo.InvariantCulture)}x)").ConfigureAwait(false);
                }

                return 0;
            }).ConfigureAwait(false);
            if (directories)
            {
                foreach (var other in others)
                {
                    await output.WriteLineAsync($"not a delta (a decode copies it): {other}").ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync(allBaseChecked
                ? "OK: every base and target checksum matches."
                : "OK: the delta is well-formed and its whole tensors match; XOR tensors need --base for a full check.").ConfigureAwait(false);
            return ExitCodes.Success;
        }));

        var statsBase = new Option<string?>("--base", "-b") { Description = "Previous full shard (a file, not a directory)." };
        var statsTarget = new Option<string>("--target", "-t") { Description = "Next full shard (a file, not a directory).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the statistics as JSON." };
        var stats = new Command("stats", "Per-tensor compression ratio, changed-element fraction and order-0 entropy bounds of the XOR byte planes and of the ULP deltas given the base exponent (nothing is written).")
        {
            statsBase, statsTarget, chunk, level, json, threads, noProgress,
        };
        stats.SetAction((parse, ct) => GuardAsync(error, async () =>
        {
            var options = new DeltaEncodeOptions
            {
                ChunkBytes = parse.GetValue(chunk) * 1024 * 1024,
                CompressionLevel = parse.GetValue(level),
                MaxDegreeOfParallelism = parse.GetValue(threads),
            };
            var basePath = parse.GetValue(statsBase);
            var target = parse.GetValue(statsTarget)!;
            foreach (var (option, path) in new[] { ("--target", target), ("--base", basePath) })
            {
                if (path is not null && Directory.Exists(path))
                {
                    throw new ArgumentException($"stats compares two shards, and {option} '{path}' is a directory: pass one .safetensors shard of each snapshot.");
                }
            }

            var result = await WithProgressAsync(interactive && !parse.GetValue(noProgress), "stats", progress =>
                DeltaCodec.ComputeStatsAsync(basePath, target, options, progress, ct)).ConfigureAwait(false);
            await output.WriteAsync(parse.GetValue(json) ? JsonSerializer.Serialize(result, JsonOptions) + Environment.NewLine : FormatStats(result))
                .ConfigureAwait(false);
            return ExitCodes.Success;
        }));

        foreach (var path in new Option[] { encodeBase, encodeTarget, encodeOutput, decodeBase, decodeDelta, decodeOutput, verifyBase, verifyDelta, statsBase, statsTarget })
        {
            path.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { Length: 0 })
                {
                    result.AddError($"{result.Option.Name} must not be empty.");
                }
            });
        }

        return new RootCommand(
            $"fw-delta: {DeltaFormat.Name} v{DeltaFormat.Version} (and {DeltaFormat.V1Name} v{DeltaFormat.V1Version}) weight-snapshot deltas for Fireworks hot-load. " +
            "Exit codes: 0 ok, 1 usage, 2 invalid input, 3 wrong base, 4 corrupted delta, 5 I/O error, 70 internal error, 130 cancelled.")
        {
            encode, decode, verify, stats,
        };
    }

    private static async Task<int> GuardAsync(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (DeltaBaseMismatchException ex)
        {
            await error.WriteLineAsync($"fw-delta: wrong base: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.WrongBase;
        }
        catch (DeltaIntegrityException ex)
        {
            await error.WriteLineAsync($"fw-delta: corrupted delta: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Corrupted;
        }
        catch (ArgumentException ex)
        {
            // The library's parameter names ("deltaPath") mean nothing to a command-line user; the message names the option or path.
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            await error.WriteLineAsync($"fw-delta: invalid input: {message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is DeltaFormatException or SafeTensorsFormatException)
        {
            await error.WriteLineAsync($"fw-delta: invalid input: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"fw-delta: I/O error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.IOError;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else is a bug: say so with the full exception rather than a bare stack trace from the runtime.
            await error.WriteLineAsync($"fw-delta: internal error, please report it: {ex}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// Whether a command runs on snapshot directories (its main input is one) or on shards, refusing a mix: a directory
    /// handed to a shard API fails with "access denied" about a path the user gave correctly.
    /// </summary>
    private static bool IsDirectoryRun((string Option, string Path) main, params (string Option, string? Path, bool IsOutput)[] others)
    {
        var directories = Directory.Exists(main.Path);
        foreach (var (option, path, isOutput) in others)
        {
            if (path is null)
            {
                continue;
            }

            if (directories && File.Exists(path))
            {
                throw new ArgumentException(isOutput
                    ? $"{option} '{path}' is an existing file, but {main.Option} '{main.Path}' is a snapshot directory: give a directory path to write the snapshot to."
                    : $"{option} '{path}' is a file, but {main.Option} '{main.Path}' is a snapshot directory: give both as directories or both as .safetensors shards.");
            }

            if (!directories && Directory.Exists(path))
            {
                throw new ArgumentException(isOutput
                    ? $"{option} '{path}' is a directory, but {main.Option} '{main.Path}' is a shard: give the file to write, for example '{System.IO.Path.Combine(path, System.IO.Path.GetFileName(main.Path))}'."
                    : $"{option} '{path}' is a directory, but {main.Option} '{main.Path}' is a shard: give both as directories or both as .safetensors shards.");
            }
        }

        return directories;
    }

    /// <summary>The delta shards of a delta directory (relative path, full path) in name order, and its other files.</summary>
    private static List<(string Name, string Path)> DeltaShards(string directory, out List<string> others)
    {
        var deltas = new List<(string, string)>();
        others = [];
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f))
            .Where(f => !(Path.GetFileName(f).StartsWith('.') && f.EndsWith(".tmp", StringComparison.Ordinal))) // in-flight temporaries
            .Order(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            var full = Path.Combine(directory, relative);
            if (relative.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && IsDelta(full))
            {
                deltas.Add((relative, full));
            }
            else
            {
                others.Add(relative);
            }
        }

        return deltas;
    }

    private static bool IsDelta(string path)
    {
        try
        {
            using var file = SafeTensorsFile.Open(path);
            return DeltaFormat.IsDelta(file.Metadata);
        }
        catch (SafeTensorsFormatException ex)
        {
            throw new DeltaFormatException($"The delta is unreadable (corrupted or truncated): {ex.Message}", ex);
        }
    }

    private static async Task<T> WithProgressAsync<T>(bool show, string verb, Func<IProgress<DeltaProgress>?, Task<T>> action)
    {
        if (!show)
        {
            return await action(null).ConfigureAwait(false);
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var sink = new CallbackProgress(update =>
                {
                    lock (bars)
                    {
                        if (!bars.TryGetValue(update.FileName, out var bar))
                        {
                            bar = context.AddTask($"{verb} {Markup.Escape(update.FileName)}", maxValue: Math.Max(1, update.TotalBytes));
                            bars.Add(update.FileName, bar);
                        }

                        bar.Value = update.ProcessedBytes;
                    }
                });
                return await action(sink).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static string FormatStats(DeltaStats stats)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{"tensor",-48} {"enc",-7} {"dtype",-7} {"MiB",9} {"ratio",8} {"changed",8} {"bound",8} {"share",6}  plane bits/byte (byte 0 = least significant)");
        foreach (var t in stats.Tensors)
        {
            var name = t.Name.Length > 48 ? "…" + t.Name[^47..] : t.Name;
            var bound = t.EntropyBoundBytes <= 0 ? "inf" : (t.TargetBytes / t.EntropyBoundBytes).ToString("F2", inv);
            var ratio = t.CompressedBytes == 0 ? "inf" : t.CompressionRatio.ToString("F2", inv);
            var planes = string.Join(" ", t.PlaneEntropyBits.Select(b => b.ToString("F3", inv)));
            text.AppendLine(inv, $"{name,-48} {t.Encoding.ToString().ToLowerInvariant(),-7} {t.DType.ToWireName(),-7} {t.TargetBytes / 1048576.0,9:F2} {ratio,8} {t.ChangedFraction,8:P2} {bound,8} {t.ShareOfBound,6:P0}  {planes}");
        }

        text.AppendLine(inv, $"total: {Size(stats.TargetBytes)} -> {Size(stats.DeltaBytes)}, ratio {stats.CompressionRatio:F2}x, order-0 bound of the XOR planes {stats.BoundRatio:F2}x " +
            $"(reached {stats.ShareOfBound:P1}), of the ULP deltas {stats.UlpBoundRatio:F2}x, of the ULP deltas given the base exponent {stats.ContextBoundRatio:F2}x " +
            $"(reached {stats.ShareOfContextBound:P1}), changed elements {stats.ChangedFraction:P3}");
        return text.ToString();
    }

    private static string Summary(long targetBytes, long deltaBytes, double seconds)
    {
        var inv = CultureInfo.InvariantCulture;
        var rate = seconds > 0 ? (targetBytes / seconds / 1e9).ToString("F2", inv) : "n/a";
        return deltaBytes > 0
            ? $"total: {Size(targetBytes)} -> {Size(deltaBytes)} ({((double)targetBytes / deltaBytes).ToString("F2", inv)}x) in {seconds.ToString("F2", inv)} s ({rate} GB/s)"
            : $"total: {Size(targetBytes)} in {seconds.ToString("F2", inv)} s ({rate} GB/s)";
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("F2", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("F2", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private sealed class CallbackProgress(Action<DeltaProgress> callback) : IProgress<DeltaProgress>
    {
        public void Report(DeltaProgress value) => callback(value);
    }
}
