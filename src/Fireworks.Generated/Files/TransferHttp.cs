using System.Runtime.CompilerServices;

namespace Fireworks;

/// <summary>
/// The <see cref="HttpClient"/> that talks to signed URLs: the caller's own factory, client or handler when configured
/// (DI, tests, proxies), else one shared pool. It never carries the API key (the pipeline adds that per request, only to the API host).
/// </summary>
internal static class TransferHttp
{
    private static readonly ConditionalWeakTable<FireworksPipeline, HttpClient> PerHandler = new();

    private static readonly HttpClient Shared = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static HttpClient For(FireworksPipeline pipeline) =>
        pipeline.Options.HttpClientFactory?.Invoke()
        ?? pipeline.Options.HttpClient
        ?? (pipeline.Options.HttpMessageHandler is { } handler
            ? PerHandler.GetValue(pipeline, _ => new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan })
            : Shared);
}
