namespace Fireworks.Delta.Cli;

/// <summary>Process exit codes of <c>fw-delta</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>Invalid command line (reported by the parser).</summary>
    public const int Usage = 1;

    /// <summary>An input is not a valid safetensors file or delta.</summary>
    public const int InvalidInput = 2;

    /// <summary>The base is not the snapshot the delta was made against.</summary>
    public const int WrongBase = 3;

    /// <summary>The delta is corrupted or truncated (a checksum did not match).</summary>
    public const int Corrupted = 4;

    /// <summary>A file could not be read or written.</summary>
    public const int IOError = 5;

    /// <summary>An unexpected error (a bug): the full exception is printed.</summary>
    public const int InternalError = 70;

    /// <summary>The operation was cancelled.</summary>
    public const int Cancelled = 130;
}
