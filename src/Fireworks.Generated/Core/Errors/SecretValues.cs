namespace Fireworks;

/// <summary>What the generated <see cref="ISecretHolder.CollectSecrets"/> methods call, one per shape of property.</summary>
internal static class SecretValues
{
    /// <summary>Adds <paramref name="value"/> unless it is null or empty (an empty value reveals nothing).</summary>
    internal static void Add(List<string> secrets, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            secrets.Add(value);
        }
    }

    /// <summary>Adds each string of a list, or of a map's values.</summary>
    internal static void AddAll(List<string> secrets, IEnumerable<string?>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (var value in values)
        {
            Add(secrets, value);
        }
    }

    /// <summary>Adds what a held model reports.</summary>
    internal static void AddFrom(List<string> secrets, ISecretHolder? holder) => holder?.CollectSecrets(secrets);

    /// <summary>Adds what each model of a list, or of a map's values, reports.</summary>
    internal static void AddFromAll<T>(List<string> secrets, IEnumerable<T?>? holders)
        where T : class, ISecretHolder
    {
        if (holders is null)
        {
            return;
        }

        foreach (var holder in holders)
        {
            holder?.CollectSecrets(secrets);
        }
    }

    /// <summary>The secrets <paramref name="body"/> sends, or null when it holds none.</summary>
    internal static List<string>? Of(object? body)
    {
        if (body is not ISecretHolder holder)
        {
            return null;
        }

        var secrets = new List<string>();
        holder.CollectSecrets(secrets);
        return secrets.Count > 0 ? secrets : null;
    }
}
