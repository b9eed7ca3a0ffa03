using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>Builds an <see cref="EnumType"/>: member names with the values' shared prefixes stripped, docs, proto numbers from the overlay.</summary>
internal sealed class EnumBuilder
{
    private readonly BuildContext _context;

    public EnumBuilder(BuildContext context) => _context = context;

    public TypeRef Build(string schemaName, string name, SpecMapping schema)
    {
        var values = schema.Seq("enum").Strings().ToList();
        var docs = DocText.EnumValues(schema.Str("description"));
        // JOB_STATE_RUNNING in JobState → Running; STATE_UNSPECIFIED in AccountState → Unspecified.
        var prefixes = new List<string> { NamingRules.CommonPrefix(values) };
        foreach (var typeName in new[] { NamingRules.TypeNameFor(schemaName, _context.Overlay), name })
        {
            var words = Naming.Words(typeName).Select(w => w.ToUpperInvariant()).ToList();
            for (var skip = 0; skip < words.Count; skip++) prefixes.Add(string.Join("_", words.Skip(skip)) + "_");
        }
        var members = new List<EnumMember>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        _context.Overlay.EnumNumbers.TryGetValue(name, out var numbers);
        foreach (var unknown in numbers?.Where(n => !values.Contains(n.Key)) ?? Enumerable.Empty<KeyValuePair<string, (int Number, SpecLocation At)>>())
        {
            _context.Report(SpecDiagnostics.Overlay(unknown.Value.At, $"'{name}' has no wire value '{unknown.Key}'"));
        }
        var valueNodes = schema.Seq("enum").Items().OfType<SpecScalar>().ToList();
        var seenValues = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var valueAt = _context.At(i < valueNodes.Count ? valueNodes[i] : schema);
            if (!seenValues.Add(value))
            {
                // FORMAT_UNSPECIFIED listed twice: one member, one wire value; a second member would not compile.
                _context.Report(SpecDiagnostics.DuplicateEnumValue(valueAt, name, value));
                continue;
            }
            var stripped = value;
            foreach (var prefix in prefixes.Where(p => p.Length > 1).OrderByDescending(p => p.Length))
            {
                if (value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.Ordinal) && !char.IsDigit(value[prefix.Length]))
                {
                    stripped = value.Substring(prefix.Length);
                    break;
                }
            }
            var memberName = MemberNames.EnumMember(Naming.Pascal(stripped), name);
            // The unstripped value is unambiguous (JOB_STATE_X vs STATE_X): no need to mention it.
            if (used.Contains(memberName)) memberName = MemberNames.EnumMember(Naming.Pascal(value), name);
            if (used.Contains(memberName))
            {
                var numbered = memberName;
                for (var n = 2; used.Contains(numbered); n++) numbered = memberName + "_" + n;
                _context.Report(SpecDiagnostics.Renamed(valueAt, $"The value '{value}' of '{name}'", memberName, numbered, $"another value of '{name}' already has"));
                memberName = numbered;
            }
            used.Add(memberName);
            docs.TryGetValue(value, out var memberDoc);
            int? number = numbers is not null && numbers.TryGetValue(value, out var declared) ? declared.Number : null;
            var wire = $"<c>{DocText.Xml(value)}</c>";
            members.Add(new EnumMember(memberName, value, number, new[] { memberDoc is null ? wire : $"{wire}: {memberDoc}" }.ToEquatableArray()));
        }
        _context.Enums.Add(new EnumType(schemaName, name, DocText.Of(schema, stripEnumList: true), members.ToEquatableArray()));
        return _context.Types.Enum(name);
    }
}
