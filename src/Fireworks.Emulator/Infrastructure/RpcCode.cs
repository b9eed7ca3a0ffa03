namespace Fireworks.Emulator;

/// <summary>The google.rpc.Code values the emulator answers with.</summary>
internal enum RpcCode
{
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}

/// <summary>The HTTP status of each code, as grpc-gateway (which fronts the Fireworks API) maps them.</summary>
internal static class RpcCodeExtensions
{
    public static int ToHttpStatus(this RpcCode code) => code switch
    {
        RpcCode.Ok => 200,
        RpcCode.Cancelled => 499,
        RpcCode.InvalidArgument or RpcCode.FailedPrecondition or RpcCode.OutOfRange => 400,
        RpcCode.DeadlineExceeded => 504,
        RpcCode.NotFound => 404,
        RpcCode.AlreadyExists or RpcCode.Aborted => 409,
        RpcCode.PermissionDenied => 403,
        RpcCode.Unauthenticated => 401,
        RpcCode.ResourceExhausted => 429,
        RpcCode.Unimplemented => 501,
        RpcCode.Unavailable => 503,
        _ => 500,
    };
}
