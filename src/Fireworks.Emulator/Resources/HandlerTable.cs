namespace Fireworks.Emulator;

/// <summary>The implemented operations, by the SDK's operationId. Handlers run under the state gate.</summary>
internal sealed class HandlerTable
{
    private static readonly HashSet<string> KnownOperations = FireworksOperations.All.Select(o => o.OperationId).ToHashSet(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<ApiRequest, ApiResult>> handlers = new(StringComparer.Ordinal);

    /// <summary>The operationIds that have a handler.</summary>
    public IReadOnlyCollection<string> OperationIds => handlers.Keys;

    /// <exception cref="InvalidOperationException">The SDK has no such operation (the spec changed under the emulator).</exception>
    public void Add(string operationId, Func<ApiRequest, ApiResult> handler)
    {
        if (!KnownOperations.Contains(operationId))
        {
            throw new InvalidOperationException($"The SDK has no operation '{operationId}'; the emulator's handler table is out of date with the spec.");
        }

        handlers.Add(operationId, handler);
    }

    public bool TryGet(string operationId, out Func<ApiRequest, ApiResult> handler) => handlers.TryGetValue(operationId, out handler!);
}
