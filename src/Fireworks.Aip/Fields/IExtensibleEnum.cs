namespace Fireworks.Aip;

/// <summary>
/// An extensible enum as the Fireworks SDK generates it: a <c>readonly struct</c> whose identity is its wire string
/// (<see cref="object.ToString"/>), so values newer than the spec are kept instead of lost.
/// </summary>
public interface IExtensibleEnum
{
    /// <summary>Whether this version knows the value (false for a value newer than its spec).</summary>
    bool IsKnown { get; }
}

/// <summary>
/// An extensible enum with the list of values its version knows. Typed filter fields and generic code use it to print
/// wire values (<see cref="object.ToString"/>) and to list the known ones.
/// </summary>
/// <typeparam name="TSelf">The enum type.</typeparam>
public interface IExtensibleEnum<TSelf> : IExtensibleEnum, IEquatable<TSelf>
    where TSelf : struct, IExtensibleEnum<TSelf>
{
    /// <summary>Every value this version knows, in spec order.</summary>
    static abstract IReadOnlyList<TSelf> KnownValues { get; }
}
