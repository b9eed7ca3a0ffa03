namespace Fireworks;

/// <summary>
/// Last in the pipeline: sends the attempt's request through the client's <see cref="HttpClient"/> (asked from
/// <see cref="FireworksClientOptions.HttpClientFactory"/> per attempt, so its handlers rotate as the factory decides)
/// and reads a 2xx body into the call's result inside the attempt.
/// </summary>
internal sealed class TransportPolicy : FireworksPolicy
{
    internal static TransportPolicy Instance { get; } = new();

    public override async ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        AuthPolicy.EnsureStillAuthorized(message);
        var token = message.CancellationToken;
        var response = await message.Pipeline.GetHttpClient()
            .SendAsync(message.Request, HttpCompletionOption.ResponseHeadersRead, token)
            .ConfigureAwait(false);
        message.Response = response;
        if (!response.IsSuccessStatusCode)
        {
            return;
        }

        var reader = message.Reader;
        try
        {
            await reader.ReadSuccessAsync(message, response, token).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (!reader.KeepsSuccessResponse)
        {
            // Status and headers stay readable for the policies above and the raw response.
            response.Dispose();
        }
    }
}
