namespace Fireworks;

/// <summary>
/// Reads ids out of resource names such as <c>accounts/my-account/deployments/my-deployment</c>. Each check takes the
/// resource's name pattern (a generated client's <c>ResourceNamePattern</c>, the path of its Get operation from
/// <c>accounts</c> on), so a name is only ever read as a name of the collection the caller is working on.
/// </summary>
internal static class ResourceNames
{
    /// <summary>
    /// The account and id of a created resource: from its <paramref name="name"/> when the server returned one of the
    /// form <paramref name="namePattern"/>, else the ids the caller chose.
    /// </summary>
    /// <param name="name">The resource's <c>name</c> as returned by the server, or null.</param>
    /// <param name="namePattern">The resource's name pattern, e.g. <c>accounts/{account_id}/deployments/{deployment_id}</c>.</param>
    /// <param name="requestedId">The id the caller asked for, or null.</param>
    /// <param name="requestedAccountId">The account the caller named, or null for the client's.</param>
    /// <returns>The id and account to poll.</returns>
    /// <exception cref="InvalidOperationException">Neither the name nor the caller identify the resource.</exception>
    internal static (string Id, string? AccountId) OfCreated(string? name, string namePattern, string? requestedId, string? requestedAccountId)
    {
        var pattern = namePattern.Split('/');
        var segments = name?.Split('/');
        if (segments is not null && HasShape(segments, pattern) && Array.TrueForAll(segments, static s => s.Length > 0))
        {
            return (segments[^1], segments[1]);
        }

        if (!string.IsNullOrEmpty(requestedId))
        {
            return (requestedId, requestedAccountId);
        }

        throw new InvalidOperationException(
            $"The server returned the created resource with the name '{name}', which is not of the form '{namePattern}', "
            + "so it cannot be polled; pass an explicit id when creating it.");
    }

    /// <summary>
    /// Accepts an id (<c>grpo-1</c>) or exactly the full name of a resource of this collection
    /// (<c>accounts/a/rlorTrainerJobs/grpo-1</c>, what <c>job.Name</c> holds) and returns the id; a name also supplies
    /// the account when the call has none yet. A name of another collection, of a resource inside this one, or of
    /// another account than the call's is refused: read as an id, it would reach a resource the caller did not name.
    /// The id and every variable segment of a name must pass <see cref="PathSegment"/>'s rule.
    /// </summary>
    /// <param name="idOrName">The id or the name.</param>
    /// <param name="parameterName">The caller's parameter, named by the exception.</param>
    /// <param name="namePattern">
    /// The resource's name pattern, e.g. <c>accounts/{account_id}/trainingSessionJobs/{training_session_job_id}/trainingSessions/{training_session_id}</c>;
    /// the id of a parent takes the pattern up to that id.
    /// </param>
    /// <param name="accountId">The call's account so far (the caller's override, or what an earlier name set); set from the name when null.</param>
    /// <param name="parentIds">
    /// The ids already resolved for the parents of this id, outermost first: their count says which of the pattern's ids
    /// this one is, and a name must agree with each.
    /// </param>
    /// <returns>The id (the name's last segment).</returns>
    /// <exception cref="ArgumentException">
    /// Neither a valid id nor a name of the pattern, or a name whose account or parent contradicts the call's.
    /// </exception>
    internal static string IdOf(string? idOrName, string parameterName, string namePattern, ref string? accountId, params ReadOnlySpan<string> parentIds)
    {
        ArgumentNullException.ThrowIfNull(idOrName, parameterName);
        if (!idOrName.Contains('/', StringComparison.Ordinal))
        {
            PathSegment.Validate(idOrName, parameterName);
            return idOrName;
        }

        var pattern = PatternOfLevel(namePattern, parentIds.Length);
        var segments = idOrName.Split('/');
        if (!HasShape(segments, pattern))
        {
            throw new ArgumentException(
                $"{parameterName} must be an id or a full name {string.Join('/', pattern)}; {PathSegment.Echo(idOrName)} is neither{WhyNot(segments, pattern)}.",
                parameterName);
        }

        for (var i = 1; i < segments.Length; i += 2)
        {
            PathSegment.Validate(segments[i], parameterName, $"A segment of {parameterName}");
        }

        for (var level = 0; level < parentIds.Length; level++)
        {
            var parent = segments[3 + (2 * level)];
            if (!string.Equals(parent, parentIds[level], StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"{parameterName} {PathSegment.Echo(idOrName)} is inside {pattern[2 + (2 * level)]} '{parent}', but the call names {pattern[2 + (2 * level)]} '{parentIds[level]}'; the two must agree.",
                    parameterName);
            }
        }

        var account = segments[1];
        if (accountId is not null && !string.Equals(accountId, account, StringComparison.Ordinal))
        {
            var source = parentIds.Length == 0 ? "accountId is" : "the call's account (from accountId or a parent's name) is";
            throw new ArgumentException(
                $"{parameterName} {PathSegment.Echo(idOrName)} is in account '{account}', but {source} '{accountId}'; pass the name alone, or its id with accountId.",
                parameterName);
        }

        accountId = account;
        return segments[^1];
    }

    /// <summary>
    /// Whether <paramref name="name"/> is exactly a name of the form <paramref name="namePattern"/>: the same fixed segments
    /// (<c>accounts</c>, each collection) and every variable one a valid id (<see cref="PathSegment"/>'s rule).
    /// </summary>
    /// <param name="name">The name, or null.</param>
    /// <param name="namePattern">The resource's name pattern, e.g. <c>accounts/{account_id}/deployments/{deployment_id}</c>.</param>
    /// <returns>True for a name of the pattern.</returns>
    internal static bool IsNameOf(string? name, string namePattern)
    {
        if (name is null)
        {
            return false;
        }

        var segments = name.Split('/');
        if (!HasShape(segments, namePattern.Split('/')))
        {
            return false;
        }

        for (var i = 1; i < segments.Length; i += 2)
        {
            if (PathSegment.Problem(segments[i]) is not null)
            {
                return false;
            }
        }

        return true;
    }

    // The pattern of the level-th id's resource (0: the outermost): accounts/{account}/{collection}/{id}, plus one
    // collection and id per level.
    private static string[] PatternOfLevel(string namePattern, int level)
    {
        var pattern = namePattern.Split('/');
        var length = 4 + (2 * level);
        if (pattern.Length < length || pattern.Length % 2 != 0 || pattern[0] != "accounts")
        {
            throw new InvalidOperationException($"'{namePattern}' has no id at level {level}: generated code passed a name pattern that does not fit its ids.");
        }

        return pattern[..length];
    }

    // Same number of segments, and the fixed ones (accounts and each collection) are the pattern's; the variable ones
    // are checked apart.
    private static bool HasShape(string[] segments, string[] pattern)
    {
        if (segments.Length != pattern.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i += 2)
        {
            if (!string.Equals(segments[i], pattern[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // What the refused name names instead, when it is a resource name at all.
    private static string WhyNot(string[] segments, string[] pattern)
    {
        if (segments.Length < 4 || segments.Length % 2 != 0 || segments[0] != "accounts")
        {
            return "";
        }

        for (var i = 2; i < Math.Min(segments.Length, pattern.Length); i += 2)
        {
            if (!string.Equals(segments[i], pattern[i], StringComparison.Ordinal))
            {
                return $" (it has {PathSegment.Echo(segments[i])} where '{pattern[i]}' belongs: a name of another collection)";
            }
        }

        return segments.Length > pattern.Length ? " (it names a resource inside one)" : " (it names the resource that holds one)";
    }
}
