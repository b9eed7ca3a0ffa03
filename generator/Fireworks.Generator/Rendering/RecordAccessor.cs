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

    private static readonly MethodInfo StructGetterMethod = typeof(RecordAccessor).GetMethod(nameof(StructGetter), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo StructIndexerMethod = typeof(RecordAccessor).GetMethod(nameof(StructIndexer), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly Func<object, int, object?>? _indexer;

    private RecordAccessor(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is not { } getter || property.Name == "EqualityContract") continue;
            var parameters = property.GetIndexParameters();
            if (parameters.Length == 1 && parameters[0].ParameterType == typeof(int) && type.IsValueType)
            {
                _indexer = (Func<object, int, object?>)StructIndexerMethod.MakeGenericMethod(type, property.PropertyType).Invoke(null, new object[] { getter })!;
                continue;
            }
            if (parameters.Length > 0) continue;
            _getters[property.Name] = type.IsValueType
                ? (Func<object, object?>)StructGetterMethod.MakeGenericMethod(type, property.PropertyType).Invoke(null, new object[] { getter })!
                : (Func<object, object?>)BoxGetterMethod.MakeGenericMethod(type, property.PropertyType).Invoke(null, new object[] { getter.CreateDelegate(typeof(Func<,>).MakeGenericType(type, property.PropertyType)) })!;
        }
    }

    /// <summary>Whether <paramref name="type"/> is one of ours: a class or struct (such as <c>EquatableArray</c>) of the generator's pipeline or model.</summary>
    public static bool Handles(Type type) =>
        (type.IsClass || (type.IsValueType && !type.IsEnum && !type.IsPrimitive)) && type.Namespace is { } ns && (ns.StartsWith("Fireworks.OpenApi", StringComparison.Ordinal) || ns.StartsWith("Fireworks.Generator", StringComparison.Ordinal));

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
        value = _indexer is not null && index is int position ? _indexer(target, position) : null;
        return _indexer is not null && index is int;
    }

    bool IObjectAccessor.TrySetItem(TemplateContext context, SourceSpan span, object target, object index, object? value) => false;

    bool IObjectAccessor.HasIndexer => _indexer is not null;

    Type IObjectAccessor.IndexType => _indexer is not null ? typeof(int) : typeof(object);

    private static Func<object, object?> BoxGetter<T, TValue>(Func<T, TValue> getter) => target => Box(getter((T)target));

    // A struct's getter takes its instance by reference, so it binds to an open delegate with a ref parameter.
    private delegate TValue RefGetter<T, TValue>(ref T target);

    private delegate TValue RefIndexer<T, TValue>(ref T target, int index);

    private static Func<object, object?> StructGetter<T, TValue>(MethodInfo getter)
        where T : struct
    {
        var typed = (RefGetter<T, TValue>)getter.CreateDelegate(typeof(RefGetter<T, TValue>));
        return target =>
        {
            var value = (T)target;
            return Box(typed(ref value));
        };
    }

    private static Func<object, int, object?> StructIndexer<T, TValue>(MethodInfo getter)
        where T : struct
    {
        var typed = (RefIndexer<T, TValue>)getter.CreateDelegate(typeof(RefIndexer<T, TValue>));
        return (target, index) =>
        {
            var value = (T)target;
            return typed(ref value, index);
        };
    }

    // Templates test many flags (IsEmpty, Required …): reuse two boxes instead of allocating one per test.
    private static object? Box<TValue>(TValue value) =>
        typeof(TValue) == typeof(bool) ? ((bool)(object)value! ? True : False) : value;
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
    // Which accessor reads a type, kept across renders: Reset() empties the context's own cache, and Scriban would
    // classify every type again (and reflect over the ones it reads itself) in each of the ~740 renders of a build.
    // Every accessor stored here is stateless or depends only on settings that are the same for every context.
    private readonly Dictionary<Type, IObjectAccessor?> _accessors = new();

    public RenderContext(ScriptObject builtins)
        : base(builtins)
    {
    }

    protected override IObjectAccessor? GetMemberAccessorImpl(object target)
    {
        var type = target.GetType();
        if (!_accessors.TryGetValue(type, out var accessor))
        {
            accessor = RecordAccessor.Handles(type) ? RecordAccessor.For(type) : base.GetMemberAccessorImpl(target);
            _accessors.Add(type, accessor);
        }
        return accessor;
    }
}
