using Fireworks.Models;

namespace Fireworks.Emulator;

/// <summary>
/// The HTTP status the emulator answers each google.rpc code with, as grpc-gateway (which fronts the Fireworks API)
/// maps them. The codes themselves are the generated <see cref="Code"/> (the spec's values and the overlay's numbers).
/// </summary>
internal static class RpcHttpStatus
{
    public static int Of(Code code) => code.Number switch
    {
        Code.Numbers.Ok => 200,
        Code.Numbers.Cancelled => 499,
        Code.Numbers.InvalidArgument or Code.Numbers.FailedPrecondition or Code.Numbers.OutOfRange => 400,
        Code.Numbers.DeadlineExceeded => 504,
        Code.Numbers.NotFound => 404,
        Code.Numbers.AlreadyExists or Code.Numbers.Aborted => 409,
        Code.Numbers.PermissionDenied => 403,
        Code.Numbers.Unauthenticated => 401,
        Code.Numbers.ResourceExhausted => 429,
        Code.Numbers.Unimplemented => 501,
        Code.Numbers.Unavailable => 503,
        _ => 500,
    };
}
