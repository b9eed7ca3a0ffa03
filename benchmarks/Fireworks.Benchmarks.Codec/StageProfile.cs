using System.Diagnostics;
using System.Globalization;
using Fireworks.Delta;
using Fireworks.SafeTensors;

namespace Fireworks.Benchmarks.Codec;

/// <summary>
/// <c>stages DTYPE LR [REPS [STAGE]]</c>: single-thread CPU time of each stage of the version-2 chunk codec on one 4 MiB chunk
/// of the synthetic checkpoint, to see where the time goes (process CPU time, so other jobs on the machine matter less).
/// </summary>
internal static class StageProfile
{
    public static int Run(string[] args)
    {
        var dtype = args[0].Equals("f32", StringComparison.OrdinalIgnoreCase) ? SafeTensorsDType.F32 : SafeTensorsDType.BF16;
        var lr = float.Parse(args[1], CultureInfo.InvariantCulture);
        var reps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        var only = args.Length > 3 ? args[3] : null;
        var checkpoint = SyntheticCheckpoint.Llama(20251122, dtype, 256L << 20);
        var width = dtype.SizeInBytes();
        var chunk = DeltaFormat.DefaultChunkBytes;
        var previous = new byte[chunk];
        var next = new byte[chunk];
        checkpoint.Fill(0, 0, chunk / width, lr, previous, next);
        var layout = FloatLayout.For(dtype)!.Value;
        var buffers = WorkerBuffers.Rent(chunk);
        var codec = ChunkCodec.Rent(DeltaCodec.DefaultCompressionLevel, DeltaCodec.DefaultTokenCompressionLevel);
        var frame = new byte[WorkerBuffers.FrameCapacity(chunk)];
        var n = chunk / width;
        var groupOf = new int[layout.Exponents];

        double Time(string name, Action action)
        {
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                return 0;
            }

            action();
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            for (var r = 0; r < reps; r++)
            {
                action();
            }

            process.Refresh();
            var seconds = (process.TotalProcessorTime - cpu).TotalSeconds / reps;
            Console.WriteLine($"{name,-28} {seconds * 1e3,8:F2} ms  {chunk / seconds / 1e9,6:F2} GB/s per core");
            return seconds;
        }

        Time("adler32 x2", () => { Adler32.Compute(previous); Adler32.Compute(next); });
        Time("fold", () => UlpDeltas.Fold(previous, next, buffers.Planes, width));
        Time("exponent keys", () => UlpDeltas.ExponentKeys(previous, layout, buffers.Keys.AsSpan(0, n)));
        Time("count segments", () => UlpDeltas.CountSegments(buffers.Keys.AsSpan(0, n), layout.Exponents, buffers.Counts));
        if (width == 2 && VectorGroups.IsSupported)
        {
            Time("count exponents (vector)", () => VectorGroups.CountExponents16(layout, previous, buffers.Totals));
        }

        Time("group (permute)", () => UlpDeltas.Group(buffers.Keys.AsSpan(0, n), buffers.Planes.AsSpan(0, chunk), buffers.Grouped, width, groupOf, new int[4], 1));
        var length = 0;
        Time("encode chunk (all)", () =>
        {
            previous.CopyTo(buffers.Scratch, 0);
            length = ChunkFramesV2.Encode(codec, layout, width, buffers.Scratch.AsSpan(0, chunk), next, frame, buffers, ChunkCodec.DefaultZeroRunShare);
        });
        Time("xor split + v1 encode", () =>
        {
            BytePlanes.XorSplit(previous, next, buffers.Planes.AsSpan(0, chunk), width);
            codec.Encode(buffers.Planes.AsSpan(0, chunk), width, frame.AsSpan(1), buffers.Scratch, buffers.Values);
        });
        length = ChunkFramesV2.Encode(codec, layout, width, previous.ToArray(), next, frame, buffers, ChunkCodec.DefaultZeroRunShare);
        var encoded = frame.AsSpan(0, length).ToArray();
        var groups = encoded[0] == ChunkFramesV2.TransformUlp ? $", {encoded[1] | (encoded[2] << 8)} listed exponent groups" : "";
        Console.WriteLine($"frame {length} bytes, transform {encoded[0]}{groups}, ratio {(double)chunk / length:F2}");
        var output = new byte[chunk];
        Time("decode chunk (all)", () =>
        {
            previous.CopyTo(output, 0);
            ChunkFramesV2.Decode(codec, layout, width, encoded, output, baseKnown: true, buffers, out _);
        });
        Time("decode chunk (scalar permutation)", () =>
        {
            previous.CopyTo(output, 0);
            ChunkFramesV2.Decode(codec, layout, width, encoded, output, baseKnown: true, buffers, out _, vectorized: false);
        });
        Time("ungroup", () => UlpDeltas.Ungroup(buffers.Keys.AsSpan(0, n), buffers.Grouped, buffers.Planes.AsSpan(0, chunk), width, groupOf, new int[4], 1));
        Time("unfold", () => UlpDeltas.Unfold(previous, buffers.Planes.AsSpan(0, chunk), output, width));
        previous.CopyTo(output, 0);
        foreach (var vectorized in new[] { true, false })
        {
            previous.CopyTo(output, 0);
            var error = ChunkFramesV2.Decode(codec, layout, width, encoded, output, baseKnown: true, buffers, out _, vectorized);
            Console.WriteLine($"round trip ({(vectorized ? "vectorized" : "scalar")}): {(error ?? (output.AsSpan().SequenceEqual(next) ? "bit-exact" : "MISMATCH"))}");
        }
        return 0;
    }
}
