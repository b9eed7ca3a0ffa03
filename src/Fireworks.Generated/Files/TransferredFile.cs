namespace Fireworks;

/// <summary>One file of a finished upload or download.</summary>
/// <param name="Name">The file's name on the server (relative, '/'-separated).</param>
/// <param name="LocalPath">The full local path it was read from or written to.</param>
/// <param name="Length">Its size in bytes.</param>
public sealed record TransferredFile(string Name, string LocalPath, long Length);
