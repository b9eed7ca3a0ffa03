namespace Fireworks;

/// <summary>
/// The google.rpc.Code numbers and names the Fireworks gateway reports in error bodies, and the
/// mapping from an HTTP status when the body carries no usable code.
/// </summary>
internal static class RpcCodes
{
    internal const int Ok = 0;
    internal const int Cancelled = 1;
    internal const int Unknown = 2;
    internal const int InvalidArgument = 3;
    internal const int DeadlineExceeded = 4;
    internal const int NotFound = 5;
    internal const int AlreadyExists = 6;
    internal const int PermissionDenied = 7;
    internal const int ResourceExhausted = 8;
    internal const int FailedPrecondition = 9;
    internal const int Aborted = 10;
    internal const int OutOfRange = 11;
    internal const int Unimplemented = 12;
    internal const int Internal = 13;
    internal const int Unavailable = 14;
    internal const int DataLoss = 15;
    internal const int Unauthenticated = 16;

    // Indexed by code number: google/rpc/code.proto.
    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>The canonical name of <paramref name="code"/>; <c>UNKNOWN</c> for numbers outside 0..16.</summary>
    internal static string GetName(int code) => (uint)code < (uint)Names.Length ? Names[code] : Names[Unknown];

    /// <summary>Parses a canonical code name (case-insensitive; the US spelling <c>CANCELED</c> is accepted too).</summary>
    internal static bool TryParseName(string? name, out int code)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            var trimmed = name.Trim();
            for (var i = 0; i < Names.Length; i++)
            {
                if (string.Equals(Names[i], trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    code = i;
                    return true;
                }
            }

            if (string.Equals(trimmed, "CANCELED", StringComparison.OrdinalIgnoreCase))
            {
                code = Cancelled;
                return true;
            }
        }

        code = Unknown;
        return false;
    }

    /// <summary>
    /// The code an HTTP status stands for, after the table in google/rpc/code.proto. 409 maps to
    /// ABORTED (the generic conflict); a server that means ALREADY_EXISTS says so in the body.
    /// </summary>
    internal static int FromHttpStatus(int httpStatus) => httpStatus switch
    {
        >= 200 and < 300 => Ok,
        400 or 422 => InvalidArgument,
        401 => Unauthenticated,
        403 => PermissionDenied,
        404 => NotFound,
        408 or 504 => DeadlineExceeded,
        409 => Aborted,
        412 => FailedPrecondition,
        416 => OutOfRange,
        429 => ResourceExhausted,
        499 => Cancelled,
        501 => Unimplemented,
        502 or 503 => Unavailable,
        500 => Internal,
        _ => Unknown,
    };
}
