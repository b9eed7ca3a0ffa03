using System.Buffers.Binary;
using System.Text;
using Fireworks.SafeTensors;

namespace Fireworks.SafeTensors.Tests;

public sealed class SafeTensorsFuzzTests
{
    private static readonly string[] Tokens =
        ["{", "}", "[", "]", ",", ":", "\"", "\\", "0", "-1", "1e400", "18446744073709551616", "null", "true", "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\\u0000", "\\ud800", "\u00e9", " "];

    /// <summary>
    /// Seeded mutations of a valid file (byte flips, token splices, truncations, forged length prefixes): opening
    /// must either succeed or throw <see cref="SafeTensorsFormatException"/>, and never allocate far beyond the file.
    /// </summary>
    [Fact]
    public void MutatedFilesOnlyEverFailWithFormatExceptionsAndBoundedAllocation()
    {
        var random = new Random(20240601);
        var valid = TestFiles.Build(
            [TestFiles.Random(random, "model.embed.weight", SafeTensorsDType.BF16, 4, 6), TestFiles.Random(random, "norm", SafeTensorsDType.F32, 6), TestFiles.Random(random, "ids", SafeTensorsDType.I64, 2)],
            new Dictionary<string, string> { ["format"] = "pt", ["note"] = "fuzz" });
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        using var dir = new TempDirectory();
        var path = dir.File("fuzz.safetensors");
        int accepted = 0, rejected = 0;
        for (var iteration = 0; iteration < 1500; iteration++)
        {
            var mutated = Mutate(random, valid, headerLength);
            File.WriteAllBytes(path, mutated);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using var file = SafeTensorsFile.Open(path);
                foreach (var tensor in file.Tensors)
                {
                    _ = file.ReadTensorBytes(tensor);
                }

                accepted++;
            }
            catch (SafeTensorsFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                rejected++;
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < (64L * mutated.Length) + (256 * 1024), $"iteration {iteration}: {allocated} bytes allocated for a {mutated.Length}-byte file");
        }

        Assert.True(rejected > 1000, $"only {rejected} of 1500 mutations were rejected");
        Assert.True(accepted > 0, "no mutation survived; the mutator is too destructive to exercise the parser deeply");
    }

    private static byte[] Mutate(Random random, byte[] valid, int headerLength)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    bytes[8 + random.Next(headerLength)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                var position = 8 + random.Next(headerLength);
                var token = Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]);
                var spliced = bytes[..position].Concat(token).Concat(bytes[(position + random.Next(0, 3))..]).ToArray();
                BinaryPrimitives.WriteUInt64LittleEndian(spliced, (ulong)(headerLength + token.Length));
                return spliced;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            case 3:
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, random.Next(3) switch { 0 => (ulong)random.NextInt64(), 1 => (ulong)random.Next(0, bytes.Length * 2), _ => ulong.MaxValue - (ulong)random.Next(100) });
                return bytes;
            case 4:
                // Replace a digit in data_offsets or shape with another digit (keeps the JSON valid).
                var digits = Enumerable.Range(8, headerLength).Where(i => bytes[i] is >= (byte)'0' and <= (byte)'9').ToArray();
                bytes[digits[random.Next(digits.Length)]] = (byte)('0' + random.Next(10));
                return bytes;
            default:
                bytes[8 + headerLength + random.Next(bytes.Length - 8 - headerLength)] ^= 0xFF;
                return bytes;
        }
    }
}
