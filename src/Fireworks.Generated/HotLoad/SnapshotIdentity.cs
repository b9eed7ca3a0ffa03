using System.Globalization;

namespace Fireworks;

/// <summary>
/// Snapshot identities: the directory name a snapshot is uploaded under (below the deployment's bucket
/// prefix) and the name it is signalled and served as. Fireworks requires a single path segment.
/// </summary>
public static class SnapshotIdentity
{
    /// <summary>The longest identity accepted (the usual file-name limit of object stores and file systems).</summary>
    public const int MaxLength = 255;

    /// <summary>The identity the chain gives step <paramref name="step"/> by default: <c>step-000042</c>.</summary>
    /// <param name="step">The training step (not negative).</param>
    /// <returns><c>step-</c> followed by the step, zero-padded to six digits so identities sort by step.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    public static string ForStep(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return "step-" + step.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="identity"/> is a valid snapshot identity (see <see cref="Validate"/>).</summary>
    /// <param name="identity">The candidate.</param>
    /// <returns>True when it is one non-empty path segment without control characters.</returns>
    public static bool IsValid(string? identity) => Problem(identity) is null;

    /// <summary>
    /// Throws unless <paramref name="identity"/> is one path segment: not empty, not <c>.</c> or <c>..</c>,
    /// without <c>/</c> or <c>\</c>, without control characters, at most <see cref="MaxLength"/> characters.
    /// </summary>
    /// <param name="identity">The candidate.</param>
    /// <param name="parameterName">The parameter named by the exception.</param>
    /// <returns><paramref name="identity"/>.</returns>
    /// <exception cref="ArgumentException">The identity is not a single path segment; the message says why.</exception>
    public static string Validate(string? identity, string parameterName = "identity")
    {
        if (Problem(identity) is { } problem)
        {
            throw new ArgumentException(
                $"Snapshot identity '{identity}' is invalid: {problem}. An identity is the snapshot's directory name under the deployment's bucket prefix, one path segment such as 'step-000042'.",
                parameterName);
        }

        return identity!;
    }

    private static string? Problem(string? identity)
    {
        if (string.IsNullOrEmpty(identity))
        {
            return "it is empty";
        }

        if (identity.Contains('/', StringComparison.Ordinal))
        {
            return "it contains '/'";
        }

        if (identity.Contains('\\', StringComparison.Ordinal))
        {
            return "it contains '\\'";
        }

        if (identity is "." or "..")
        {
            return $"'{identity}' names a relative directory, not a snapshot";
        }

        if (identity.Any(char.IsControl))
        {
            return "it contains a control character";
        }

        if (identity.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it is {identity.Length} characters long (at most {MaxLength})");
        }

        return null;
    }
}
