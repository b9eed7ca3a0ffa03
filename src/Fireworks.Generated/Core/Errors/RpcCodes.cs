using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// The google.rpc.Code helpers the error path needs, derived from the generated <see cref="Code"/> (its names are the
/// spec's wire values, its numbers the overlay's <c>enumNumbers</c>; <see cref="Code.Numbers"/> holds them as
/// constants), and the mapping from an HTTP status when an error body carries no usable code.
/// </summary>
internal static class RpcCodes
{
    /// <summary>The canonical name of <paramref name="code"/>; <c>UNKNOWN</c> for a number the spec does not define.</summary>
    internal static string GetName(int code) =>
        Code.FromNumber(code) is { IsKnown: true } known ? known.ToString() : Code.WireValues.Unknown;

    /// <summary>Parses a canonical code name (case-insensitive; the US spelling <c>CANCELED</c> is accepted too).</summary>
    internal static bool TryParseName(string? name, out int code)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            var trimmed = name.Trim();
            foreach (var known in Code.KnownValues)
            {
                if (known.Number is { } number && string.Equals(known.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    code = number;
                    return true;
                }
            }

            if (string.Equals(trimmed, "CANCELED", StringComparison.OrdinalIgnoreCase))
            {
                code = Code.Numbers.Cancelled;
                return true;
            }
        }

        code = Code.Numbers.Unknown;
        return false;
    }

    /// <summary>
    /// The code an HTTP status stands for, after the table in google/rpc/code.proto. 409 maps to
    /// ABORTED (the generic conflict); a server that means ALREADY_EXISTS says so in the body.
    /// </summary>
    internal static int FromHttpStatus(int httpStatus) => httpStatus switch
    {
        >= 200 and < 300 => Code.Numbers.Ok,
        400 or 422 => Code.Numbers.InvalidArgument,
        401 => Code.Numbers.Unauthenticated,
        403 => Code.Numbers.PermissionDenied,
        404 => Code.Numbers.NotFound,
        408 or 504 => Code.Numbers.DeadlineExceeded,
        409 => Code.Numbers.Aborted,
        412 => Code.Numbers.FailedPrecondition,
        416 => Code.Numbers.OutOfRange,
        429 => Code.Numbers.ResourceExhausted,
        499 => Code.Numbers.Cancelled,
        501 => Code.Numbers.Unimplemented,
        502 or 503 => Code.Numbers.Unavailable,
        500 => Code.Numbers.Internal,
        _ => Code.Numbers.Unknown,
    };
}
