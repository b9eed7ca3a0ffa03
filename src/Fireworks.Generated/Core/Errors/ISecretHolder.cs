namespace Fireworks;

/// <summary>
/// A generated model that holds a secret (the spec overlay's <c>secrets</c> section), itself or in a model it holds.
/// A request body that is one reports the secrets it sends, and that call's errors and log events are redacted for
/// them as they are for the API key.
/// </summary>
internal interface ISecretHolder
{
    /// <summary>Adds each non-empty secret value this model holds, and those of the models it holds, to <paramref name="secrets"/>.</summary>
    /// <param name="secrets">Where the values go.</param>
    void CollectSecrets(List<string> secrets);
}
