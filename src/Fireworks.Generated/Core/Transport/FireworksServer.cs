namespace Fireworks;

/// <summary>
/// The base URLs a client talks to: each spec's overlay names the one its operations use
/// (<c>server:</c> in <c>spec/*.overlay.yaml</c>).
/// </summary>
internal enum FireworksServer
{
    /// <summary>The Gateway REST API and the hot-load API: <see cref="FireworksClientOptions.BaseUrl"/>.</summary>
    Gateway,

    /// <summary>The inference API (chat completions, completions): <see cref="FireworksClientOptions.EffectiveInferenceBaseUrl"/>.</summary>
    Inference,
}
