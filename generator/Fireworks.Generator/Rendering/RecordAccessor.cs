using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace Fireworks.Generator.Rendering;

/// <summary>
/// How templates read the pipeline's render-ready records: one table of compiled property getters per record type,
/// built once per process and shared by every render. Scriban's own accessor reflects over a type again in every
/// <see cref="TemplateContext"/> and invokes getters by reflection; with ~740 contexts per build that was most of
/// the rendering time.
/// </summary>
internal sealed class RecordAccessor : IObjectAccessor
{
    private static readonly ConcurrentDictionary<Type, RecordAccessor> ByType = new();
    private static readonly MethodInfo BoxGetterMethod = typeof(RecordAccessor).GetMethod(nameof(BoxGetter), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Dictionary<string, Func<object, object?>> _getters = new(StringComparer.Ordinal);

    private RecordAccessor(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is not { } getter || property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            var typed = getter.CreateDelegate(typeof(Func<,>).MakeGenericType(type, property.PropertyType));
            _getters[property.Name] = (Func<object, object?>)BoxGetterMethod.MakeGenericMethod(type, property.PropertyType).Invoke(null, new object[] { typed })!;
        }
    }

    /// <summary>Whether <paramref name="type"/> is one of ours: a class of the generator's pipeline or model.</summary>
    public static bool Handles(Type type) =>
        type.IsClass && type.Namespace is { } ns && (ns.StartsWith("Fireworks.OpenApi", StringComparison.Ordinal) || ns.StartsWith("Fireworks.Generator", StringComparison.Ordinal));

    public static RecordAccessor For(Type type) => ByType.GetOrAdd(type, static t => new RecordAccessor(t));

    /// <summary>Reads a member by its C# name; false when the type has none.</summary>
    public bool TryGet(object target, string member, out object? value)
    {
        if (_getters.TryGetValue(member, out var getter))
        {
            value = getter(target);
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerable<string> MemberNames => _getters.Keys;

    public int MemberCount => _getters.Count;

    public bool HasMember(string member) => _getters.ContainsKey(member);

    int IObjectAccessor.GetMemberCount(TemplateContext context, SourceSpan span, object target) => _getters.Count;

    IEnumerable<string> IObjectAccessor.GetMembers(TemplateContext context, SourceSpan span, object target) => _getters.Keys;

    bool IObjectAccessor.HasMember(TemplateContext context, SourceSpan span, object target, string member) => _getters.ContainsKey(member);

    bool IObjectAccessor.TryGetValue(TemplateContext context, SourceSpan span, object target, string member, out object? value) => TryGet(target, member, out value);

    // Render-ready values are read-only: a template computes nothing into them.
    bool IObjectAccessor.TrySetValue(TemplateContext context, SourceSpan span, object target, string member, object? value) => false;

    bool IObjectAccessor.TryGetItem(TemplateContext context, SourceSpan span, object target, object index, out object? value)
    {
        value = null;
        return false;
    }

    bool IObjectAccessor.TrySetItem(TemplateContext context, SourceSpan span, object target, object index, object? value) => false;

    bool IObjectAccessor.HasIndexer => false;

    Type IObjectAccessor.IndexType => typeof(object);

    private static Func<object, object?> BoxGetter<T, TValue>(Func<T, TValue> getter) => target => getter((T)target);
}

/// <summary>An item's members as a template's global variables, read through its <see cref="RecordAccessor"/> (no copy, no reflection).</summary>
internal sealed class ItemGlobals : IScriptObject
{
    private readonly object _item;
    private readonly RecordAccessor _accessor;

    public ItemGlobals(object item)
    {
        _item = item;
        _accessor = RecordAccessor.For(item.GetType());
    }

    public int Count => _accessor.MemberCount;

    public bool IsReadOnly { get => true; set { } }

    public IEnumerable<string> GetMembers() => _accessor.MemberNames;

    public bool Contains(string member) => _accessor.HasMember(member);

    public bool TryGetValue(TemplateContext? context, SourceSpan span, string member, out object? value) => _accessor.TryGet(_item, member, out value);

    public bool CanWrite(string member) => false;

    public bool TrySetValue(TemplateContext? context, SourceSpan span, string member, object? value, bool readOnly) => false;

    public bool Remove(string member) => false;

    public void SetReadOnly(string member, bool readOnly)
    {
    }

    public IScriptObject Clone(bool deep) => this;
}

/// <summary>A template context that reads our records with the shared <see cref="RecordAccessor"/>s.</summary>
internal sealed class RenderContext : TemplateContext
{
    public RenderContext(ScriptObject builtins)
        : base(builtins)
    {
    }

    protected override IObjectAccessor? GetMemberAccessorImpl(object target) =>
        RecordAccessor.Handles(target.GetType()) ? RecordAccessor.For(target.GetType()) : base.GetMemberAccessorImpl(target);
}
