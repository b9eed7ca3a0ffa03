namespace Fireworks.Emulator;

/// <summary>
/// How a hot-load deployment swaps weights (the service's <c>--hot-load-transition-type</c>, chosen when the deployment
/// is created). Both download the new snapshot while the old one keeps serving; they differ at the swap itself.
/// </summary>
public enum HotLoadTransition
{
    /// <summary>Requests that reach a swapping replica wait until the swap ends and are answered by the new weights
    /// (a longer time to first token, no error); after <c>x-fireworks-hot-load-drain-timeout</c> seconds (default 90) they get 425.</summary>
    Async,

    /// <summary>Requests that reach a swapping replica are refused with HTTP 425 Too Early and a <c>Retry-After</c> until the swap ends.</summary>
    Sync,
}
