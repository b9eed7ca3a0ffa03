namespace Fireworks.OpenApi.Model;

/// <summary>
/// The C# read/write code of a <see cref="TypeRef"/>, composed for nested collections (<c>IList&lt;IList&lt;int&gt;&gt;</c>):
/// a collection element that is itself a collection becomes a static lambda with parameter names unique to its depth.
/// </summary>
internal static class TypeExpressions
{
    private const string Reader = "global::System.Text.Json.Utf8JsonReader";
    private const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    private const string Options = "global::System.Text.Json.JsonSerializerOptions";

    /// <summary>An expression reading one value of <paramref name="type"/>.</summary>
    public static string Read(TypeRef type, string reader, string options, int depth) =>
        type.IsCollection
            ? $"{type.ReadFunction}{TypeArgument(type)}(ref {reader}, {options}, {ReadFunction(type.Element!, depth + 1)})"
            : $"{type.ReadFunction}(ref {reader}, {options})";

    /// <summary>An expression (no semicolon) writing <paramref name="value"/> of <paramref name="type"/>.</summary>
    public static string Write(TypeRef type, string writer, string value, string options, int depth) =>
        type.IsCollection
            ? $"{type.WriteFunction}{TypeArgument(type)}({writer}, {value}, {options}, {WriteFunction(type.Element!, depth + 1)})"
            : $"{type.WriteFunction}({writer}, {value}, {options})";

    // Inference would pick List<T> from a nested lambda, not the declared IList<T>: name the element type then.
    private static string TypeArgument(TypeRef collection) => collection.Element!.IsCollection ? "<" + collection.Element.TypeName + ">" : "";

    private static string ReadFunction(TypeRef element, int depth) =>
        element.IsCollection
            ? $"static (ref {Reader} r{depth}, {Options} o{depth}) => {Read(element, "r" + depth, "o" + depth, depth)}"
            : element.ReadFunction;

    private static string WriteFunction(TypeRef element, int depth) =>
        element.IsCollection
            ? $"static ({Writer} w{depth}, {element.TypeName} v{depth}, {Options} o{depth}) => {Write(element, "w" + depth, "v" + depth, "o" + depth, depth)}"
            : element.WriteFunction;
}
