using System.Text.Json.Serialization.Metadata;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks;

public partial class FireworksClient
{
    /// <summary>
    /// Resumes a google.longrunning.Operation by name (for example one started by another process),
    /// to poll it and read its response packed as a <see cref="ProtobufAny"/>.
    /// </summary>
    /// <param name="operationName">The operation's name, e.g. <c>accounts/my-account/operations/123</c>.</param>
    /// <returns>The operation; nothing is sent until it is polled.</returns>
    /// <exception cref="ArgumentException"><paramref name="operationName"/> is empty or not a resource name.</exception>
    public virtual Operation<ProtobufAny> ResumeOperation(string operationName)
        => ResumeOperation(operationName, FireworksJsonContext.Default.ProtobufAny);

    /// <summary>
    /// Resumes a google.longrunning.Operation by name, to poll it and read its response as <typeparamref name="TResponse"/>.
    /// </summary>
    /// <typeparam name="TResponse">The message packed in the operation's response.</typeparam>
    /// <param name="operationName">The operation's name, e.g. <c>accounts/my-account/operations/123</c>.</param>
    /// <param name="responseType">The response type's metadata, e.g. <c>FireworksJsonContext.Default.Model</c>.</param>
    /// <returns>The operation; nothing is sent until it is polled.</returns>
    /// <exception cref="ArgumentException"><paramref name="operationName"/> is empty or not a resource name.</exception>
    public virtual Operation<TResponse> ResumeOperation<TResponse>(string operationName, JsonTypeInfo<TResponse> responseType)
        where TResponse : class
    {
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        ArgumentNullException.ThrowIfNull(responseType);
        return new Operation<TResponse>(Pipeline, new LongRunningOperation { Name = operationName, Done = false }, responseType, "ResumeOperation");
    }
}
