namespace Fireworks;

/// <summary>Describes one generated operation: where it goes on the wire and which C# method calls it.</summary>
/// <param name="Spec">The spec file it was generated from.</param>
/// <param name="OperationId">The spec's operationId (e.g. <c>Gateway_CreateRlorTrainerJob</c>).</param>
/// <param name="HttpMethod">The HTTP method.</param>
/// <param name="Path">The spec path, with <c>{variables}</c>.</param>
/// <param name="UrlTemplate">The RFC 6570 URL template the client expands.</param>
/// <param name="Client">The <see cref="FireworksClient"/> property that holds the method (e.g. <c>RlorTrainerJobs</c>).</param>
/// <param name="MethodName">The method name (e.g. <c>CreateAsync</c>).</param>
/// <param name="PathParameters">Path variable names.</param>
/// <param name="QueryParameters">Query parameter names (including <c>updateMask</c> where the SDK sends it).</param>
/// <param name="RequiredQueryParameters">Query parameters the spec marks required.</param>
/// <param name="HeaderParameters">Header parameter names.</param>
/// <param name="BodyType">The request body type, if any.</param>
/// <param name="ResponseType">The response type, or null when the response is an empty object.</param>
/// <param name="PageItemType">For List operations, the item type.</param>
/// <param name="SendsUpdateMask">Whether the SDK sends an <c>updateMask</c>.</param>
public sealed record OperationDescriptor(
    string Spec,
    string OperationId,
    string HttpMethod,
    string Path,
    string UrlTemplate,
    string Client,
    string MethodName,
    IReadOnlyList<string> PathParameters,
    IReadOnlyList<string> QueryParameters,
    IReadOnlyList<string> RequiredQueryParameters,
    IReadOnlyList<string> HeaderParameters,
    Type? BodyType,
    Type? ResponseType,
    Type? PageItemType,
    bool SendsUpdateMask);
