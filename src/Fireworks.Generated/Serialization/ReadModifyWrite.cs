using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Fireworks.Serialization;

/// <summary>An update prepared from a resource as read: the body to send and the mask of exactly what changed.</summary>
/// <typeparam name="TBody">The update body type.</typeparam>
/// <param name="Body">The body: the resource as read with the change applied, every other field unchanged.</param>
/// <param name="Mask">The update mask: the snake_case paths of the fields the change touched.</param>
public sealed record PreparedUpdate<TBody>(TBody Body, string Mask);

/// <summary>
/// Read-modify-write for updates with a field mask (AIP-134): the change is applied to a copy of the resource as read,
/// the mask names exactly the top-level fields whose JSON differs afterwards, and the body carries the resource as read
/// for everything else — values and properties this SDK version does not know included — so nothing else changes.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ReadModifyWrite
{
    /// <summary>
    /// Applies <paramref name="change"/> to a copy of <paramref name="current"/> and diffs the two, with no field refused
    /// as fixed at create. Kept so that the public surface stays compatible; generated clients call the overload that
    /// takes the resource's <c>ImmutableJsonNames</c>.
    /// </summary>
    /// <typeparam name="TResource">The resource type (what Get returns).</typeparam>
    /// <typeparam name="TBody">The update body type.</typeparam>
    /// <param name="current">The resource as read; not modified.</param>
    /// <param name="change">Sets the properties to change on the copy.</param>
    /// <param name="resourceInfo">The resource's JSON type info.</param>
    /// <param name="bodyInfo">The body's JSON type info.</param>
    /// <param name="maskPathOf">The body's map from a JSON property to its update-mask path.</param>
    /// <param name="resourceOnly">JSON properties of the resource the body does not take; they are not sent.</param>
    /// <returns>The body and the mask.</returns>
    /// <exception cref="InvalidOperationException">The change touched nothing, or a property that cannot be updated.</exception>
    public static PreparedUpdate<TBody> Prepare<TResource, TBody>(
        TResource current,
        Action<TResource> change,
        JsonTypeInfo<TResource> resourceInfo,
        JsonTypeInfo<TBody> bodyInfo,
        Func<string, string?> maskPathOf,
        IReadOnlyCollection<string> resourceOnly)
        where TResource : class =>
        Prepare(current, change, resourceInfo, bodyInfo, maskPathOf, resourceOnly, immutable: []);

    /// <summary>
    /// Applies <paramref name="change"/> to a copy of <paramref name="current"/> and diffs the two, refusing a change
    /// of a field that is fixed at create.
    /// </summary>
    /// <typeparam name="TResource">The resource type (what Get returns).</typeparam>
    /// <typeparam name="TBody">The update body type.</typeparam>
    /// <param name="current">The resource as read; not modified.</param>
    /// <param name="change">Sets the properties to change on the copy.</param>
    /// <param name="resourceInfo">The resource's JSON type info.</param>
    /// <param name="bodyInfo">The body's JSON type info.</param>
    /// <param name="maskPathOf">The body's map from a JSON property to its update-mask path (null: not a field of the body; output-only fields have none either).</param>
    /// <param name="resourceOnly">JSON properties of the resource the body does not take (the <c>name</c>, carried by the path); they are not sent.</param>
    /// <param name="immutable">JSON properties set at create that no update may change (<c>{Resource}Fields.ImmutableJsonNames</c>).</param>
    /// <returns>The body and the mask.</returns>
    /// <exception cref="InvalidOperationException">The change touched nothing, a property that cannot be updated, or one fixed at create.</exception>
    public static PreparedUpdate<TBody> Prepare<TResource, TBody>(
        TResource current,
        Action<TResource> change,
        JsonTypeInfo<TResource> resourceInfo,
        JsonTypeInfo<TBody> bodyInfo,
        Func<string, string?> maskPathOf,
        IReadOnlyCollection<string> resourceOnly,
        IReadOnlyCollection<string> immutable)
        where TResource : class
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        var before = JsonSerializer.SerializeToNode(current, resourceInfo)!.AsObject();
        var copy = JsonSerializer.Deserialize(before, resourceInfo)!;
        change(copy);
        var after = JsonSerializer.SerializeToNode(copy, resourceInfo)!.AsObject();

        var paths = new List<string>();
        foreach (var name in ChangedProperties(before, after))
        {
            var path = maskPathOf(name);
            if (path is null)
            {
                throw new InvalidOperationException(
                    $"The change sets '{name}', which {typeof(TBody).Name} cannot update (output-only, part of the resource name, or unknown to this SDK version). Pass an explicit updateMask to send it anyway.");
            }

            if (immutable.Contains(name))
            {
                throw new InvalidOperationException(
                    $"The change sets '{name}', which a {typeof(TResource).Name} fixes when it is created: no update can change it. Create a new {typeof(TResource).Name} instead (or, if the service does accept the change, pass an explicit updateMask).");
            }

            paths.Add(path);
        }

        if (paths.Count == 0)
        {
            throw new InvalidOperationException($"The change left the {typeof(TResource).Name} as it was read, so there is nothing to update.");
        }

        foreach (var name in resourceOnly) after.Remove(name);
        return new PreparedUpdate<TBody>(JsonSerializer.Deserialize(after, bodyInfo)!, string.Join(",", paths));
    }

    /// <summary>Top-level JSON properties that differ (added, removed or changed), in the order they appear.</summary>
    private static IEnumerable<string> ChangedProperties(JsonObject before, JsonObject after)
    {
        foreach (var (name, value) in after)
        {
            if (!before.TryGetPropertyValue(name, out var old) || !JsonNode.DeepEquals(old, value)) yield return name;
        }

        foreach (var (name, _) in before)
        {
            if (!after.ContainsKey(name)) yield return name;
        }
    }
}
