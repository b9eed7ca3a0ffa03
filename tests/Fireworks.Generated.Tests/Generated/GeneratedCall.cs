using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Serialization;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>Calls the generated method of a manifest entry by reflection, with a sample for every argument.</summary>
internal static class GeneratedCall
{
    /// <summary>The one-page method of the operation (<c>ListPageAsync</c> for paged lists).</summary>
    public static MethodInfo Method(FireworksClient client, OperationDescriptor descriptor, out object group)
    {
        // A nested group is a dotted path from the client (Chat.Completions).
        group = client;
        foreach (var name in descriptor.Client.Split('.')) group = group.GetType().GetProperty(name)!.GetValue(group)!;
        var methodName = descriptor.PageItemType is null ? descriptor.MethodName : descriptor.MethodName.Replace("Async", "PageAsync", StringComparison.Ordinal);
        return group.GetType().GetMethods().Single(m => m.Name == methodName && m.IsVirtual);
    }

    /// <summary>
    /// Invokes the operation; <paramref name="argument"/> may supply a parameter's value (return true), otherwise a
    /// sample is used. A synchronous throw is rethrown unwrapped.
    /// </summary>
    public static Task Invoke(FireworksClient client, OperationDescriptor descriptor, Func<ParameterInfo, (bool Supplied, object? Value)>? argument = null)
    {
        var method = Method(client, descriptor, out var group);
        var arguments = method.GetParameters().Select(p => argument?.Invoke(p) is (true, var value) ? value : ArgumentFor(p, descriptor)).ToArray();
        try
        {
            return (Task)method.Invoke(group, arguments)!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            return Task.FromException(exception.InnerException);
        }
    }

    public static object? ArgumentFor(ParameterInfo parameter, OperationDescriptor descriptor)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (parameter.Name == "accountId" || parameter.Name == "updateMask" || parameter.Name == "options") return null;
        if (type == typeof(CancellationToken)) return CancellationToken.None;
        if (descriptor.BodyType is not null && type == descriptor.BodyType) return BodySample(descriptor.BodyType);
        if (type == typeof(string)) return parameter.Name + "-value";
        if (type == typeof(int)) return 5;
        if (type == typeof(bool)) return true;
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        if (typeof(Fireworks.Aip.IExtensibleEnum).IsAssignableFrom(type)) return ((System.Collections.IList)type.GetProperty("KnownValues")!.GetValue(null)!)[2];
        if (type == typeof(IEnumerable<string>)) return new[] { "a", "b" };
        throw new InvalidOperationException($"no sample for {parameter.Name}: {parameter.ParameterType}");
    }

    private static object BodySample(Type bodyType)
    {
        var entry = FireworksOperations.SchemaTypes.FirstOrDefault(p => p.Value == bodyType);
        JsonNode sample;
        if (entry.Key is not null)
        {
            sample = RawSpec.Gateway.Sample((YamlMappingNode)RawSpec.Get(RawSpec.Gateway.Schemas, entry.Key.Split('#')[1])!)!;
        }
        else
        {
            var op = FireworksOperations.All.First(o => o.BodyType == bodyType);
            var requestBody = RawSpec.Map(RawSpec.Gateway.Operation(op.Path, op.HttpMethod), "requestBody")!;
            sample = RawSpec.Gateway.Sample(RawSpec.Map(RawSpec.Map(RawSpec.Map(requestBody, "content"), "application/json"), "schema")!)!;
        }
        return JsonSerializer.Deserialize(sample.ToJsonString(), FireworksJsonContext.Default.GetTypeInfo(bodyType)!)!;
    }
}
