using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Reading;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>
/// How spec names become C# names: types (proto prefixes stripped), client groups (from the path's collections),
/// operations and methods (service prefix and FastAPI suffix stripped, the group's noun removed), enum members.
/// </summary>
internal static class NamingRules
{
    /// <summary><c>gatewayRlorTrainerJob</c> → <c>RlorTrainerJob</c> with the overlay's proto prefixes.</summary>
    public static string TypeNameFor(string schemaName, Overlay overlay)
    {
        foreach (var prefix in overlay.StripTypePrefixes)
        {
            if (schemaName.Length > prefix.Length && schemaName.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(schemaName[prefix.Length]))
            {
                return Naming.Pascal(schemaName.Substring(prefix.Length));
            }
        }
        return Naming.Pascal(schemaName);
    }

    /// <summary>Literal path segments followed by a parameter somewhere in the spec: the resource collections.</summary>
    public static HashSet<string> CollectionSegments(IEnumerable<string> paths)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var segments = Segments(path);
            for (var i = 0; i + 1 < segments.Count; i++)
            {
                if (!IsParameter(segments[i]) && IsParameter(segments[i + 1])) result.Add(segments[i]);
            }
        }
        return result;
    }

    /// <summary>The group an operation belongs to: the collection its path names (<c>Deployments</c>, nested <c>DeploymentShapeVersions</c>).</summary>
    public static string GroupFor(string path, string operationId, HashSet<string> collections)
    {
        var segments = Segments(path);
        var start = 0;
        if (segments.Count >= 2 && segments[0] == "accounts" && IsParameter(segments[1])) start = 2;
        if (start >= segments.Count) return "Accounts";
        var group = Naming.Pascal(segments[start]);
        var i = start;
        while (i + 2 < segments.Count && IsParameter(segments[i + 1]) && !IsParameter(segments[i + 2]))
        {
            var child = segments[i + 2];
            var isLast = i + 3 >= segments.Count;
            var isCollection = collections.Contains(child) || (isLast && StripServicePrefix(operationId).StartsWith("List", StringComparison.Ordinal));
            if (!isCollection) break;
            group = Naming.Singular(group) + Naming.Pascal(child);
            i += 2;
        }
        return group;
    }

    /// <summary>
    /// The operation's own name: <c>Gateway_ListDeployments</c> → <c>ListDeployments</c> (proto service prefix);
    /// FastAPI's generated <c>create_completion_v1_completions_post</c> (function, path, method) → <c>create_completion</c>.
    /// </summary>
    public static string OperationNameOf(string operationId, string path, string method)
    {
        var fastApiSuffix = System.Text.RegularExpressions.Regex.Replace(path, @"\W", "_") + "_" + method;
        return operationId.Length > fastApiSuffix.Length && operationId.EndsWith(fastApiSuffix, StringComparison.Ordinal)
            ? operationId.Substring(0, operationId.Length - fastApiSuffix.Length)
            : StripServicePrefix(operationId);
    }

    /// <summary>The method name: the operation name without its group's noun (<c>ListDeployments</c> in <c>Deployments</c> → <c>List</c>).</summary>
    public static string MethodNameFor(string operationName, string group)
    {
        foreach (var noun in new[] { group, Naming.Singular(group) })
        {
            var index = operationName.IndexOf(noun, StringComparison.Ordinal);
            if (index < 0) continue;
            var candidate = operationName.Remove(index, noun.Length);
            if (candidate.Length > 0) return candidate;
        }
        return operationName;
    }

    /// <summary>The variables of a path template (<c>account_id</c>, <c>deployment_id</c>).</summary>
    public static IEnumerable<string> PathVariables(string path)
    {
        var start = path.IndexOf('{');
        while (start >= 0)
        {
            var end = path.IndexOf('}', start);
            if (end < 0) yield break;
            yield return path.Substring(start + 1, end - start - 1);
            start = path.IndexOf('{', end);
        }
    }

    /// <summary>The common <c>X_</c> prefix of enum values (<c>JOB_STATE_</c>), or empty.</summary>
    public static string CommonPrefix(List<string> values)
    {
        if (values.Count < 2) return "";
        var prefix = values[0];
        foreach (var value in values)
        {
            var length = 0;
            while (length < prefix.Length && length < value.Length && prefix[length] == value[length]) length++;
            prefix = prefix.Substring(0, length);
        }
        var underscore = prefix.LastIndexOf('_');
        return underscore < 0 ? "" : prefix.Substring(0, underscore + 1);
    }

    private static List<string> Segments(string path)
    {
        var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 0 && segments[0] == "v1") segments.RemoveAt(0);
        if (segments.Count > 0)
        {
            // A custom verb (`…/{id}:cancel`) is not part of the resource path.
            var last = segments[segments.Count - 1];
            var colon = last.LastIndexOf(':');
            if (colon > 0 && colon > last.LastIndexOf('}')) segments[segments.Count - 1] = last.Substring(0, colon);
        }
        return segments;
    }

    private static bool IsParameter(string segment) => segment.StartsWith("{", StringComparison.Ordinal) && segment.EndsWith("}", StringComparison.Ordinal);

    private static string StripServicePrefix(string operationId)
    {
        var underscore = operationId.IndexOf('_');
        return underscore >= 0 ? operationId.Substring(underscore + 1) : operationId;
    }
}
