namespace Fireworks.Emulator;

/// <summary>How the dispatcher runs one implemented operation.</summary>
/// <param name="Handler">The handler.</param>
/// <param name="ReadsOnly">
/// The handler changes nothing: it runs under the state's read lock, in parallel with other readers. Every other
/// handler runs under the write lock, alone.
/// </param>
/// <param name="MaxBodyBytes">The largest request body the operation accepts.</param>
internal sealed record Route(Func<ApiRequest, ApiResult> Handler, bool ReadsOnly, long MaxBodyBytes);

/// <summary>The implemented operations, by the SDK's operationId.</summary>
internal sealed class HandlerTable
{
    private static readonly HashSet<string> KnownOperations = FireworksOperations.All.Select(o => o.OperationId).ToHashSet(StringComparer.Ordinal);
    private readonly Dictionary<string, Route> routes = new(StringComparer.Ordinal);

    /// <summary>The operationIds that have a handler.</summary>
    public IReadOnlyCollection<string> OperationIds => routes.Keys;

    /// <summary>Registers a handler that may change state (runs alone, under the write lock).</summary>
    /// <param name="operationId">The SDK's operationId.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="maxBodyBytes">Raise for operations that take large payloads (uploads); default <see cref="RequestLimits.MaxBodyBytes"/>.</param>
    /// <exception cref="InvalidOperationException">The SDK has no such operation (the spec changed under the emulator).</exception>
    public void Add(string operationId, Func<ApiRequest, ApiResult> handler, long maxBodyBytes = RequestLimits.MaxBodyBytes) =>
        Register(operationId, new Route(handler, ReadsOnly: false, maxBodyBytes));

    /// <summary>
    /// Registers a handler that only reads state (Get, List): it runs under the read lock, in parallel with other
    /// readers, so it must not change any resource, schedule anything or draw ids.
    /// </summary>
    /// <exception cref="InvalidOperationException">The SDK has no such operation.</exception>
    public void AddReader(string operationId, Func<ApiRequest, ApiResult> handler) =>
        Register(operationId, new Route(handler, ReadsOnly: true, RequestLimits.MaxBodyBytes));

    public bool TryGet(string operationId, out Route route) => routes.TryGetValue(operationId, out route!);

    private void Register(string operationId, Route route)
    {
        if (!KnownOperations.Contains(operationId))
        {
            throw new InvalidOperationException($"The SDK has no operation '{operationId}'; the emulator's handler table is out of date with the spec.");
        }

        routes.Add(operationId, route);
    }
}
