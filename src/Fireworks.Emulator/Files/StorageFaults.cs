namespace Fireworks.Emulator;

/// <summary>
/// Faults the emulator's storage (the signed URLs it serves) injects into the next transfers, for tests of retries,
/// resumption and checksum checks. Each fault applies once, to the next storage request it fits, then is gone.
/// </summary>
public sealed class StorageFaults
{
    private readonly Lock gate = new();
    private readonly Queue<int> failures = new();
    private long cutAfterBytes = -1;
    private int corruptChecksums;

    /// <summary>The next PUT or GET that moves data drops the connection after <paramref name="bytes"/> bytes of its body.</summary>
    /// <param name="bytes">Bytes that get through before the cut.</param>
    public void CutNextTransferAfter(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (gate)
        {
            cutAfterBytes = bytes;
        }
    }

    /// <summary>The next <paramref name="count"/> storage requests answer <paramref name="httpStatus"/> without doing anything.</summary>
    /// <param name="httpStatus">The status to answer, e.g. 503.</param>
    /// <param name="count">How many requests fail.</param>
    public void FailNext(int httpStatus = 503, int count = 1)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                failures.Enqueue(httpStatus);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> answers that report a checksum report a wrong one.</summary>
    /// <param name="count">How many answers lie.</param>
    public void CorruptNextChecksum(int count = 1)
    {
        lock (gate)
        {
            corruptChecksums += count;
        }
    }

    internal int? TakeFailure()
    {
        lock (gate)
        {
            return failures.Count > 0 ? failures.Dequeue() : null;
        }
    }

    internal long? TakeCut()
    {
        lock (gate)
        {
            if (cutAfterBytes < 0)
            {
                return null;
            }

            var bytes = cutAfterBytes;
            cutAfterBytes = -1;
            return bytes;
        }
    }

    internal bool TakeChecksumCorruption()
    {
        lock (gate)
        {
            if (corruptChecksums == 0)
            {
                return false;
            }

            corruptChecksums--;
            return true;
        }
    }
}
