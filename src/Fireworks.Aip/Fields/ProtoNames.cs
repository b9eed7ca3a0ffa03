using System.Text;

namespace Fireworks.Aip;

/// <summary>
/// protobuf's JSON name mapping between a proto field name (<c>min_replica_count</c>, used by filters, <c>order_by</c>
/// and field masks) and its lowerCamelCase JSON name (<c>minReplicaCount</c>, the wire format). The one home of the
/// rule: the SDK's AIP-160 types, the emulator and (linked as source) the generator all use it.
/// </summary>
#if FIREWORKS_OPENAPI
internal
#else
public
#endif
static class ProtoNames
{
    /// <summary><c>min_replica_count</c> → <c>minReplicaCount</c>, <c>aws_s3_config</c> → <c>awsS3Config</c>; a name without '_' is returned unchanged.</summary>
    /// <param name="protoName">The proto (snake_case) name.</param>
    /// <returns>The JSON name.</returns>
    public static string ToJsonName(string protoName)
    {
        if (protoName is null)
        {
            throw new System.ArgumentNullException(nameof(protoName));
        }

        if (protoName.IndexOf('_') < 0)
        {
            return protoName;
        }

        var builder = new StringBuilder(protoName.Length);
        var upper = false;
        foreach (var c in protoName)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper && c >= 'a' && c <= 'z' ? (char)(c - ('a' - 'A')) : c);
            upper = false;
        }

        return builder.ToString();
    }

    /// <summary><c>minReplicaCount</c> → <c>min_replica_count</c>: '_' before each ASCII capital (not at the start or after '_'), lowercased.</summary>
    /// <param name="jsonName">The JSON (lowerCamelCase) name.</param>
    /// <returns>The proto name.</returns>
    public static string ToProtoName(string jsonName)
    {
        if (jsonName is null)
        {
            throw new System.ArgumentNullException(nameof(jsonName));
        }

        var builder = new StringBuilder(jsonName.Length + 8);
        foreach (var c in jsonName)
        {
            if (c >= 'A' && c <= 'Z')
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != '_')
                {
                    builder.Append('_');
                }

                builder.Append((char)(c + ('a' - 'A')));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
