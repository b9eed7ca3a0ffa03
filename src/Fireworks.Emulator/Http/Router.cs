namespace Fireworks.Emulator;

/// <summary>
/// Matches requests against the paths of every operation the SDK knows (<see cref="FireworksOperations.All"/>), so
/// the emulator's routes are the SDK's routes by construction. Custom verbs (<c>{id}:scale</c>) are part of the last
/// segment; a path variable never contains '/' or ':'.
/// </summary>
internal sealed class Router
{
    private readonly List<Route> routes;

    public Router(IEnumerable<OperationDescriptor> operations)
    {
        routes = operations
            .Select(o => new Route(o, o.Path.Trim('/').Split('/').Select(Segment.Parse).ToArray()))
            .OrderByDescending(r => r.Segments.Count(s => s.Variable is null))
            .ToList();
    }

    /// <summary>The outcome of matching a request.</summary>
    public sealed record Match(OperationDescriptor? Operation, IReadOnlyDictionary<string, string> PathParameters, IReadOnlyList<string> AllowedMethods);

    public Match Find(string method, string path)
    {
        var parts = path.Trim('/').Split('/');
        var allowed = new List<string>();
        foreach (var route in routes)
        {
            if (route.Segments.Length != parts.Length)
            {
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var matched = true;
            for (var i = 0; i < parts.Length && matched; i++)
            {
                matched = route.Segments[i].TryMatch(parts[i], parameters);
            }

            if (!matched)
            {
                continue;
            }

            if (string.Equals(route.Operation.HttpMethod, method, StringComparison.OrdinalIgnoreCase))
            {
                return new Match(route.Operation, parameters, [route.Operation.HttpMethod]);
            }

            allowed.Add(route.Operation.HttpMethod);
        }

        return new Match(null, new Dictionary<string, string>(), allowed);
    }

    private sealed record Route(OperationDescriptor Operation, Segment[] Segments);

    /// <summary>A template segment: a literal, or a variable with an optional literal suffix (<c>{id}:scale</c>).</summary>
    private sealed record Segment(string? Literal, string? Variable, string Suffix)
    {
        public static Segment Parse(string text)
        {
            if (!text.StartsWith('{'))
            {
                return new Segment(text, null, string.Empty);
            }

            var close = text.IndexOf('}', StringComparison.Ordinal);
            return new Segment(null, text[1..close], text[(close + 1)..]);
        }

        public bool TryMatch(string part, Dictionary<string, string> parameters)
        {
            if (Variable is null)
            {
                return string.Equals(part, Literal, StringComparison.Ordinal);
            }

            if (!part.EndsWith(Suffix, StringComparison.Ordinal))
            {
                return false;
            }

            var value = part[..^Suffix.Length];
            if (value.Length == 0 || value.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }

            parameters[Variable] = value;
            return true;
        }
    }
}
