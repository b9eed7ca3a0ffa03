using System.Globalization;
using Fireworks.Models;

namespace Fireworks.Emulator;

/// <summary>
/// The size limits the emulator enforces on requests, like the service's front end: a body larger than
/// <see cref="MaxBodyBytes"/> is refused before it is read, and inside a JSON body no string, array or nesting may
/// exceed the limits below. The README lists the numbers; a route that takes large payloads (a future upload
/// endpoint) raises the body limit when it registers (<see cref="HandlerTable.Add"/>).
/// </summary>
internal static class RequestLimits
{
    /// <summary>4 MiB: gRPC's default maximum message size, which a grpc-gateway front end such as the Gateway's inherits.</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>
    /// A body declared larger than its route's limit is still read (and discarded) up to this size before the 413 is
    /// sent, so the client, still sending, sees the answer instead of a broken pipe; beyond it the connection is cut.
    /// </summary>
    public const long MaxDrainBytes = 128 * 1024 * 1024;

    /// <summary>A <c>displayName</c> "must be fewer than 64 characters long", as the spec documents for its resources.</summary>
    public const int MaxDisplayNameLength = 63;

    /// <summary>Any other string value: 256 KiB (evaluator code and job configs fit; a pasted file does not).</summary>
    public const int MaxStringLength = 256 * 1024;

    /// <summary>Elements of one array, entries of one map or object.</summary>
    public const int MaxCollectionItems = 10_000;

    /// <summary>Nesting of objects and arrays (protobuf's JSON parser stops at 100; no resource needs more than a dozen).</summary>
    public const int MaxDepth = 64;

    /// <summary>The error for a body larger than <paramref name="limit"/> bytes: HTTP 413 with google.rpc INVALID_ARGUMENT, which no SDK retries.</summary>
    public static ApiException BodyTooLarge(string operationId, long? length, long limit) => new(
        Code.InvalidArgument,
        string.Create(CultureInfo.InvariantCulture, $"The request body of {operationId} is {(length is null ? "larger than the limit" : $"{length} bytes")}; the limit is {limit} bytes ({limit / 1048576.0:0.#} MiB)."),
        httpStatus: 413);
}
