namespace Fireworks.Benchmarks.Codec;

internal static class FileCompare
{
    /// <summary>Streams both files and compares them byte for byte.</summary>
    public static bool Identical(string a, string b)
    {
        using var x = File.OpenRead(a);
        using var y = File.OpenRead(b);
        if (x.Length != y.Length)
        {
            return false;
        }

        var bx = new byte[4 << 20];
        var by = new byte[4 << 20];
        int read;
        while ((read = x.ReadAtLeast(bx, bx.Length, throwOnEndOfStream: false)) > 0)
        {
            y.ReadExactly(by, 0, read);
            if (!bx.AsSpan(0, read).SequenceEqual(by.AsSpan(0, read)))
            {
                return false;
            }
        }

        return true;
    }
}
