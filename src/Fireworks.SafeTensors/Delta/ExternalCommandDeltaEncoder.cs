using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Fireworks.Delta;

/// <summary>Settings of an <see cref="ExternalCommandDeltaEncoder"/>.</summary>
public sealed record ExternalDeltaEncoderOptions
{
    /// <summary>The program to run once per shard (for example <c>python3</c>).</summary>
    public required string FileName { get; init; }

    /// <summary>
    /// Its arguments, each passed as one argument (no shell). Placeholders: <c>{previous}</c> (base shard, empty when the
    /// base has none), <c>{next}</c> (new full shard), <c>{output}</c> (where to write the delta), <c>{base_identity}</c>.
    /// </summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The <c>compression_format</c> of what the command writes, for example <c>arc_v2</c>.</summary>
    public required string CompressionFormat { get; init; }

    /// <summary>The <c>checksum_format</c> of what the command writes, for example <c>alder32</c>.</summary>
    public required string ChecksumFormat { get; init; }

    /// <summary>Longest one shard may take; the process tree is killed after it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest acceptable output as a multiple of the new shard's size (a delta larger than that is a failure, not a delta).</summary>
    public double MaxOutputRatio { get; init; } = 1.1;

    /// <summary>Extra environment variables for the command. Their values are redacted from any error text.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Other values (API keys, signed URLs) that must never appear in an error text.</summary>
    public IReadOnlyList<string>? SecretValues { get; init; }

    /// <summary>Working directory of the command; the current directory when null.</summary>
    public string? WorkingDirectory { get; init; }
}

/// <summary>The external delta command failed: it could not start, exited with non-zero, timed out, or wrote no acceptable output.</summary>
public sealed class DeltaEncoderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, with secrets already redacted.</param>
    /// <param name="exitCode">The command's exit code, when it exited.</param>
    public DeltaEncoderException(string message, int? exitCode = null)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The command's exit code, or <see langword="null"/> when it did not exit by itself.</summary>
    public int? ExitCode { get; }
}

/// <summary>
/// An <see cref="IDeltaEncoder"/> that runs a user-supplied command per shard, for formats this library cannot write,
/// such as Fireworks' <c>arc_v2</c> (e.g. a Python script around Fireworks' reference <c>delta_compress_files_to_file</c>).
/// The command writes to a temporary file next to the delta, which is renamed into place only when the command exited
/// with 0 within <see cref="ExternalDeltaEncoderOptions.Timeout"/> and the file exists, is not empty and is within
/// <see cref="ExternalDeltaEncoderOptions.MaxOutputRatio"/> of the shard. Cancellation and timeouts kill the whole
/// process tree. The end of standard error goes into the exception with secrets, signed-URL queries and bearer tokens redacted.
/// </summary>
public sealed partial class ExternalCommandDeltaEncoder : IDeltaEncoder
{
    private const int StderrTailChars = 2000;
    private const string Redacted = "[REDACTED]";
    private readonly ExternalDeltaEncoderOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the encoder.</summary>
    /// <param name="options">The command and the format it writes.</param>
    /// <param name="timeProvider">Clock for the timeout (tests pass a fake one); the system clock by default.</param>
    /// <exception cref="ArgumentException">A required setting is empty or out of range.</exception>
    public ExternalCommandDeltaEncoder(ExternalDeltaEncoderOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FileName, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CompressionFormat, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ChecksumFormat, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Arguments, nameof(options));
        if (!options.Arguments.Any(a => a.Contains("{output}", StringComparison.Ordinal)))
        {
            throw new ArgumentException("The command's arguments must contain {output}: that is where it writes the delta.", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero || options.MaxOutputRatio <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Timeout and MaxOutputRatio must be positive.");
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public string CompressionFormat => _options.CompressionFormat;

    /// <inheritdoc/>
    public string ChecksumFormat => _options.ChecksumFormat;

    /// <inheritdoc/>
    public async Task<long> EncodeShardAsync(DeltaShardJob job, IProgress<DeltaProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var name = Path.GetFileName(job.NextPath);
        var nextBytes = new FileInfo(job.NextPath).Length;
        var directory = Path.GetDirectoryName(Path.GetFullPath(job.DeltaPath))!;
        Directory.CreateDirectory(directory);
        var partial = Path.Combine(directory, $".{Path.GetFileName(job.DeltaPath)}.{Guid.NewGuid():N}.partial");
        var info = new ProcessStartInfo(_options.FileName)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _options.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in _options.Arguments)
        {
            info.ArgumentList.Add(argument
                .Replace("{previous}", job.PreviousPath ?? string.Empty, StringComparison.Ordinal)
                .Replace("{next}", job.NextPath, StringComparison.Ordinal)
                .Replace("{output}", partial, StringComparison.Ordinal)
                .Replace("{base_identity}", job.BaseIdentity, StringComparison.Ordinal));
        }

        foreach (var (key, value) in _options.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        progress?.Report(new DeltaProgress(name, 0, nextBytes));
        try
        {
            var exitCode = await RunAsync(info, name, cancellationToken).ConfigureAwait(false);
            var written = File.Exists(partial) ? new FileInfo(partial).Length : -1;
            var limit = (long)(nextBytes * _options.MaxOutputRatio) + 4096;
            var problem = exitCode.Code != 0 ? $"exited with code {exitCode.Code}"
                : written < 0 ? "exited with 0 but wrote no file at {output}"
                : written == 0 ? "exited with 0 but wrote an empty file"
                : written > limit ? $"wrote {written} bytes, more than the {limit}-byte bound for a {nextBytes}-byte shard"
                : null;
            if (problem is not null)
            {
                throw new DeltaEncoderException(
                    $"The delta command '{Path.GetFileName(_options.FileName)}' for shard '{name}' {problem}.{StderrSuffix(exitCode.Stderr)}",
                    exitCode.Code);
            }

            File.Move(partial, job.DeltaPath, overwrite: true);
            progress?.Report(new DeltaProgress(name, nextBytes, nextBytes));
            return written;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private async Task<(int Code, string Stderr)> RunAsync(ProcessStartInfo info, string shard, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        linked.Token.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = info };
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
                if (stderr.Length > 4 * StderrTailChars)
                {
                    stderr.Remove(0, stderr.Length - StderrTailChars);
                }
            }
        };
        process.OutputDataReceived += static (_, _) => { };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new DeltaEncoderException($"The delta command '{Path.GetFileName(info.FileName)}' could not be started: {Redact(ex.Message)}");
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DeltaEncoderException($"The delta command '{Path.GetFileName(info.FileName)}' for shard '{shard}' did not finish within {_options.Timeout}; its process tree was killed.");
        }

        // The parameterless wait drains the redirected streams.
        process.WaitForExit();
        lock (stderr)
        {
            return (process.ExitCode, stderr.ToString());
        }
    }

    private string StderrSuffix(string stderr)
    {
        var text = Redact(stderr).Trim();
        if (text.Length == 0)
        {
            return " It wrote nothing to standard error.";
        }

        return " End of its standard error: " + (text.Length > StderrTailChars ? "…" + text[^StderrTailChars..] : text);
    }

    private string Redact(string text)
    {
        var secrets = (_options.SecretValues ?? []).Concat(_options.Environment?.Values ?? []).Where(s => s.Length >= 4).OrderByDescending(s => s.Length);
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        text = SignedUrlQuery().Replace(text, m => m.Groups["url"].Value + "?" + Redacted);
        return BearerToken().Replace(text, "${scheme} " + Redacted);
    }

    [GeneratedRegex(@"(?<url>https?://[^\s?""']+)\?[^\s""']+", RegexOptions.CultureInvariant)]
    private static partial Regex SignedUrlQuery();

    [GeneratedRegex(@"(?<scheme>Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();
}
