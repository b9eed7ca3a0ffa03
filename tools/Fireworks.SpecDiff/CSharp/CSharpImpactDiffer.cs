namespace Fireworks.SpecDiff.CSharp;

/// <summary>What happened to a public type or member of the generated SDK.</summary>
public enum CSharpChangeKind
{
    /// <summary>A new public type.</summary>
    TypeAdded,

    /// <summary>A public type no longer exists.</summary>
    TypeRemoved,

    /// <summary>The same schema or resource group now has a different C# type name.</summary>
    TypeRenamed,

    /// <summary>A class became an enum or the other way round.</summary>
    TypeKindChanged,

    /// <summary>A new member.</summary>
    MemberAdded,

    /// <summary>A member no longer exists.</summary>
    MemberRemoved,

    /// <summary>The same JSON property, enum wire value or operation now has a different C# name.</summary>
    MemberRenamed,

    /// <summary>A method moved to another client (the operation's resource group changed).</summary>
    MemberMoved,

    /// <summary>A member kept its name but its type, signature, <c>required</c> modifier or wire value changed.</summary>
    MemberChanged,
}

/// <summary>One change to the public API of the generated SDK.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="IsBreaking">Whether code that compiled against the old SDK can fail to compile against the new one.</param>
/// <param name="Api">The type or member, e.g. <c>Fireworks.Models.RlorTrainerJob.Dataset</c>.</param>
/// <param name="Before">The old declaration, if any.</param>
/// <param name="After">The new declaration, if any.</param>
/// <param name="Reason">Why it is (or is not) breaking, and what changed.</param>
public sealed record CSharpChange(CSharpChangeKind Kind, bool IsBreaking, string Api, string? Before, string? After, string Reason);

/// <summary>Compares the public API of two generated SDKs type by type and member by member.</summary>
public static class CSharpImpactDiffer
{
    /// <summary>Every public API change from <paramref name="oldSurface"/> to <paramref name="newSurface"/>, breaking first.</summary>
    /// <param name="oldSurface">The SDK generated from the spec in use.</param>
    /// <param name="newSurface">The SDK the candidate spec generates.</param>
    /// <returns>The changes.</returns>
    public static IReadOnlyList<CSharpChange> Compare(ApiSurface oldSurface, ApiSurface newSurface)
    {
        ArgumentNullException.ThrowIfNull(oldSurface);
        ArgumentNullException.ThrowIfNull(newSurface);
        var changes = new List<CSharpChange>();
        var oldTypes = oldSurface.Types;
        var newTypes = newSurface.Types;

        var unmatchedOld = oldTypes.Values.Where(t => !newTypes.ContainsKey(t.FullName)).ToList();
        var unmatchedNew = newTypes.Values.Where(t => !oldTypes.ContainsKey(t.FullName)).ToList();
        var pairs = oldTypes.Values.Where(t => newTypes.ContainsKey(t.FullName)).Select(t => (Old: t, New: newTypes[t.FullName])).ToList();

        // A type whose schema or group survived under another name is a rename, not a removal plus an addition.
        foreach (var renamed in PairByKey(unmatchedOld, unmatchedNew, t => t.MatchKey))
        {
            changes.Add(new CSharpChange(CSharpChangeKind.TypeRenamed, true, renamed.New.FullName, renamed.Old.FullName, renamed.New.FullName,
                $"renamed from {renamed.Old.FullName}: every use of the old name breaks"));
            pairs.Add(renamed);
        }
        foreach (var removed in unmatchedOld)
        {
            changes.Add(new CSharpChange(CSharpChangeKind.TypeRemoved, true, removed.FullName, Declaration(removed), null, "the type no longer exists"));
        }
        foreach (var added in unmatchedNew)
        {
            changes.Add(new CSharpChange(CSharpChangeKind.TypeAdded, false, added.FullName, null, Declaration(added), "new type"));
        }

        var moved = MovedMethods(oldSurface, newSurface, pairs, changes);
        foreach (var (before, after) in pairs)
        {
            if (before.Kind != after.Kind)
            {
                changes.Add(new CSharpChange(CSharpChangeKind.TypeKindChanged, true, after.FullName, Declaration(before), Declaration(after), $"was {KindName(before.Kind)}, now {KindName(after.Kind)}"));
                continue;
            }
            CompareMembers(before, after, moved, newSurface.WhyAbsent, changes);
        }

        return changes
            .OrderByDescending(c => c.IsBreaking)
            .ThenBy(c => c.Api, StringComparer.Ordinal)
            .ThenBy(c => c.Kind)
            .ToList();
    }

    /// <summary>
    /// Methods whose operation now lives on another client (its resource group changed): reported once as a move,
    /// and left out of the removed/added members of both clients.
    /// </summary>
    private static HashSet<string> MovedMethods(ApiSurface oldSurface, ApiSurface newSurface, List<(ApiType Old, ApiType New)> pairs, List<CSharpChange> changes)
    {
        var renamedTo = pairs.ToDictionary(p => p.Old.FullName, p => p.New.FullName, StringComparer.Ordinal);
        var newOwners = Methods(newSurface).ToDictionary(m => m.Member.MatchKey, StringComparer.Ordinal);
        var moved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (owner, member) in Methods(oldSurface))
        {
            if (!newOwners.TryGetValue(member.MatchKey, out var current)) continue;
            var expectedOwner = renamedTo.GetValueOrDefault(owner.FullName, owner.FullName);
            if (current.Owner.FullName == expectedOwner) continue;
            moved.Add(member.MatchKey);
            var reason = $"moved from {Short(owner.FullName)}.{member.Name} to {Short(current.Owner.FullName)}.{current.Member.Name}: calls through the old client break";
            changes.Add(new CSharpChange(CSharpChangeKind.MemberMoved, true, $"{current.Owner.FullName}.{current.Member.Name}", $"{Short(owner.FullName)}: {member.Signature}", $"{Short(current.Owner.FullName)}: {current.Member.Signature}", reason));
        }
        return moved;
    }

    private static IEnumerable<(ApiType Owner, ApiMember Member)> Methods(ApiSurface surface) =>
        surface.Types.Values.SelectMany(t => t.Members.Values.Where(m => m.Kind == ApiMemberKind.Method && m.MatchKey.StartsWith("operation:", StringComparison.Ordinal)).Select(m => (t, m)));

    private static void CompareMembers(ApiType before, ApiType after, HashSet<string> moved, IReadOnlyDictionary<string, string> whyAbsent, List<CSharpChange> changes)
    {
        var typeName = after.FullName;
        // A name freed by a moved method and reused by another operation is a new member, not a change.
        bool Matched(ApiMember old) => after.Members.TryGetValue(old.Key, out var current) && !moved.Contains(old.MatchKey) && !moved.Contains(current.MatchKey);
        var unmatchedOld = before.Members.Values.Where(m => !Matched(m) && !moved.Contains(m.MatchKey)).ToList();
        var unmatchedNew = after.Members.Values.Where(m => !(before.Members.TryGetValue(m.Key, out var old) && Matched(old)) && !moved.Contains(m.MatchKey)).ToList();

        // Extensible enums have no numbers: a value added or removed changes no other member.
        foreach (var old in before.Members.Values.Where(Matched).OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var current = after.Members[old.Key];
            var change = CompareMember(typeName, after, old, current);
            if (change is not null) changes.Add(change);
        }

        foreach (var (old, current) in PairByKey(unmatchedOld, unmatchedNew, m => m.MatchKey))
        {
            var reason = $"renamed from {old.Name}: every use of the old name breaks";
            changes.Add(new CSharpChange(CSharpChangeKind.MemberRenamed, true, $"{typeName}.{current.Name}", old.Signature, current.Signature, reason));
        }
        foreach (var removed in unmatchedOld)
        {
            var reason = removed.Kind == ApiMemberKind.EnumMember
                ? $"the enum member no longer exists: code that names it breaks, while {removed.WireValue} still reads and writes unchanged as a value this SDK does not know"
                : $"the {MemberKindName(removed.Kind)} no longer exists{(whyAbsent.TryGetValue(removed.MatchKey, out var why) ? ": " + why : "")}";
            changes.Add(new CSharpChange(CSharpChangeKind.MemberRemoved, true, $"{typeName}.{removed.Name}", removed.Signature, null, reason));
        }
        foreach (var added in unmatchedNew)
        {
            var mustBeSet = added.Kind == ApiMemberKind.Property && added.IsRequired;
            var breaking = mustBeSet && after.ConstructedByCallers;
            var reason = !mustBeSet
                ? $"new {MemberKindName(added.Kind)}"
                : breaking
                    ? $"new required property: every object initializer of {Short(typeName)} must now set it"
                    : $"new required property; {Short(typeName)} is only received, so only code that constructs it (tests, fakes) must set it";
            changes.Add(new CSharpChange(CSharpChangeKind.MemberAdded, breaking, $"{typeName}.{added.Name}", null, added.Signature, reason));
        }
    }

    private static CSharpChange? CompareMember(string typeName, ApiType owner, ApiMember before, ApiMember after)
    {
        var api = $"{typeName}.{after.Name}";
        var reasons = new List<string>();
        var breaking = false;
        switch (after.Kind)
        {
            case ApiMemberKind.Property:
            {
                var oldType = before.Type.TrimEnd('?');
                var newType = after.Type.TrimEnd('?');
                if (oldType != newType)
                {
                    breaking = true;
                    reasons.Add($"type changed from {CSharpNames.Display(before.Type)} to {CSharpNames.Display(after.Type)}");
                }
                else if (before.Type != after.Type)
                {
                    // int → int? is a different type; string → string? only changes nullable annotations (warnings).
                    breaking |= after.IsValueType;
                    reasons.Add($"nullability changed from {CSharpNames.Display(before.Type)} to {CSharpNames.Display(after.Type)}{(after.IsValueType ? "" : " (nullable warnings only)")}");
                }
                if (!before.IsRequired && after.IsRequired)
                {
                    breaking |= owner.ConstructedByCallers;
                    reasons.Add(owner.ConstructedByCallers
                        ? $"became required: every object initializer of {Short(typeName)} must now set it"
                        : $"became required ({Short(typeName)} is only received, so only code that constructs it must set it)");
                }
                if (before.IsRequired && !after.IsRequired) reasons.Add("no longer required");
                break;
            }
            case ApiMemberKind.EnumMember:
                if (before.WireValue != after.WireValue) reasons.Add($"now reads and writes the wire value {after.WireValue} (was {before.WireValue})");
                break;
            case ApiMemberKind.Method:
                breaking = CompareSignatures(before, after, reasons);
                break;
        }
        if (before.Kind != after.Kind)
        {
            breaking = true;
            reasons.Insert(0, $"was a {MemberKindName(before.Kind)}, now a {MemberKindName(after.Kind)}");
        }
        return reasons.Count == 0 ? null : new CSharpChange(CSharpChangeKind.MemberChanged, breaking, api, before.Signature, after.Signature, string.Join("; ", reasons));
    }

    /// <summary>Differences between two method signatures; true when a call that compiled before can fail to compile now.</summary>
    private static bool CompareSignatures(ApiMember before, ApiMember after, List<string> reasons)
    {
        var breaking = false;
        if (before.Type != after.Type)
        {
            breaking = true;
            reasons.Add($"return type changed from {CSharpNames.Display(before.Type)} to {CSharpNames.Display(after.Type)}");
        }
        var oldParameters = before.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var newParameters = after.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var old in before.Parameters.Where(p => !newParameters.ContainsKey(p.Name)))
        {
            breaking = true;
            reasons.Add($"parameter {old.Name} removed");
        }
        foreach (var parameter in after.Parameters)
        {
            if (!oldParameters.TryGetValue(parameter.Name, out var old))
            {
                breaking |= !parameter.IsOptional;
                reasons.Add(parameter.IsOptional
                    ? $"optional parameter {parameter.Name} added (source-compatible; binaries must be recompiled)"
                    : $"required parameter {CSharpNames.Display(parameter.Type)} {parameter.Name} added: every call must pass it");
                continue;
            }
            if (old.Type.TrimEnd('?') != parameter.Type.TrimEnd('?'))
            {
                breaking = true;
                reasons.Add($"parameter {parameter.Name} changed type from {CSharpNames.Display(old.Type)} to {CSharpNames.Display(parameter.Type)}");
            }
            else if (old.Type != parameter.Type)
            {
                // T → T? accepts every old argument; int? → int rejects nullable ones; string? → string only warns.
                var narrowsValueType = old.Type.EndsWith('?') && parameter.IsValueType;
                breaking |= narrowsValueType;
                reasons.Add($"parameter {parameter.Name} changed from {CSharpNames.Display(old.Type)} to {CSharpNames.Display(parameter.Type)}{(narrowsValueType || !old.Type.EndsWith('?') ? "" : " (nullable warnings only)")}");
            }
            if (old.IsOptional && !parameter.IsOptional)
            {
                breaking = true;
                reasons.Add($"parameter {parameter.Name} is no longer optional");
            }
            if (!old.IsOptional && parameter.IsOptional) reasons.Add($"parameter {parameter.Name} became optional");
        }
        var oldOrder = before.Parameters.Where(p => newParameters.ContainsKey(p.Name) && !p.IsOptional).Select(p => p.Name).ToList();
        var newOrder = after.Parameters.Where(p => oldParameters.ContainsKey(p.Name) && !oldParameters[p.Name].IsOptional).Select(p => p.Name).ToList();
        if (!oldOrder.SequenceEqual(newOrder, StringComparer.Ordinal))
        {
            breaking = true;
            reasons.Add("the order of the positional parameters changed");
        }
        return breaking;
    }

    private static IEnumerable<(T Old, T New)> PairByKey<T>(List<T> unmatchedOld, List<T> unmatchedNew, Func<T, string> key)
    {
        var oldByKey = unmatchedOld.GroupBy(key).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var newByKey = unmatchedNew.GroupBy(key).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var pairs = oldByKey.Keys.Intersect(newByKey.Keys, StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).Select(k => (oldByKey[k], newByKey[k])).ToList();
        foreach (var (old, current) in pairs)
        {
            unmatchedOld.Remove(old);
            unmatchedNew.Remove(current);
        }
        return pairs;
    }

    private static string Declaration(ApiType type) => $"{(type.Kind == ApiTypeKind.Enum ? "enum" : "class")} {CSharpNames.Display(type.FullName)}";

    private static string KindName(ApiTypeKind kind) => kind == ApiTypeKind.Enum ? "an enum" : "a class";

    private static string MemberKindName(ApiMemberKind kind) => kind switch
    {
        ApiMemberKind.Property => "property",
        ApiMemberKind.EnumMember => "enum member",
        _ => "method",
    };

    private static string Short(string fullName) => fullName.Substring(fullName.LastIndexOf('.') + 1);
}
