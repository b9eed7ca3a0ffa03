namespace Fireworks;

/// <summary>Reads ids out of resource names such as <c>accounts/my-account/deployments/my-deployment</c>.</summary>
internal static class ResourceNames
{
    /// <summary>
    /// The account and id of a created resource: from its <paramref name="name"/>
    /// (<c>accounts/{account}/{collection}/{id}</c>) when the server returned one, else the ids the caller chose.
    /// </summary>
    /// <param name="name">The resource's <c>name</c> as returned by the server, or null.</param>
    /// <param name="collection">The collection segment, e.g. <c>deployments</c>.</param>
    /// <param name="requestedId">The id the caller asked for, or null.</param>
    /// <param name="requestedAccountId">The account the caller named, or null for the client's.</param>
    /// <returns>The id and account to poll.</returns>
    /// <exception cref="InvalidOperationException">Neither the name nor the caller identify the resource.</exception>
    internal static (string Id, string? AccountId) OfCreated(string? name, string collection, string? requestedId, string? requestedAccountId)
    {
        var segments = name?.Split('/');
        if (segments is { Length: 4 } && segments[0] == "accounts" && segments[2] == collection
            && segments[1].Length > 0 && segments[3].Length > 0)
        {
            return (segments[3], segments[1]);
        }

        if (!string.IsNullOrEmpty(requestedId))
        {
            return (requestedId, requestedAccountId);
        }

        throw new InvalidOperationException(
            $"The server returned the created resource with the name '{name}', which is not of the form 'accounts/{{account}}/{collection}/{{id}}', "
            + "so it cannot be polled; pass an explicit id when creating it.");
    }

    /// <summary>
    /// Accepts an id (<c>grpo-1</c>) or a full resource name (<c>accounts/a/rlorTrainerJobs/grpo-1</c>, what
    /// <c>job.Name</c> holds) and returns the id; a name also supplies the account when the caller named none.
    /// Both the id and the name's account must pass <see cref="PathSegment"/>'s rule.
    /// </summary>
    /// <param name="idOrName">The id or the name.</param>
    /// <param name="parameterName">The caller's parameter, named by the exception.</param>
    /// <param name="accountId">The caller's account override; set from the name when null.</param>
    /// <returns>The id (the name's last segment).</returns>
    /// <exception cref="ArgumentException">Neither a valid id nor a name <c>accounts/{account}/{collection}/{id}[/{collection}/{id}…]</c>.</exception>
    internal static string IdOf(string? idOrName, string parameterName, ref string? accountId)
    {
        ArgumentNullException.ThrowIfNull(idOrName, parameterName);
        if (!idOrName.Contains('/', StringComparison.Ordinal))
        {
            PathSegment.Validate(idOrName, parameterName);
            return idOrName;
        }

        var segments = idOrName.Split('/');
        if (segments.Length < 4 || segments.Length % 2 != 0 || segments[0] != "accounts")
        {
            throw new ArgumentException(
                $"{parameterName} must be an id or a resource name such as 'accounts/my-account/deployments/my-id'; '{idOrName}' is neither.",
                parameterName);
        }

        foreach (var segment in segments)
        {
            PathSegment.Validate(segment, parameterName, $"A segment of {parameterName}");
        }

        accountId ??= segments[1];
        return segments[^1];
    }
}
