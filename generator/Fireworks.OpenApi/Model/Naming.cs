using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Fireworks.OpenApi.Model;

/// <summary>Turns wire names (camelCase, snake_case, UPPER_SNAKE, proto type names) into C# names and back.</summary>
public static class Naming
{
    private static readonly HashSet<string> CSharpKeywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Splits a name into words at '_', '-', '.', '@', spaces and lower→upper case changes.</summary>
    public static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }
            if (current.Length > 0)
            {
                var previous = name[i - 1];
                var startsWord = char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous)
                    || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(previous)));
                if (startsWord) Flush();
            }
            current.Append(c);
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    /// <summary>
    /// <c>rlor_trainer_job_id</c> → <c>RlorTrainerJobId</c>; keeps acronyms written in capitals in camelCase input (<c>LLMAssertion</c>).
    /// </summary>
    /// <remarks>
    /// The digit-group rule: where a separator-delimited part that contains a digit is followed by a part that starts
    /// with a digit, the separator is kept as <c>_</c>, so the two numbers do not run together:
    /// <c>NVIDIA_H100_80GB</c> → <c>NvidiaH100_80Gb</c> (not <c>NvidiaH10080Gb</c>), <c>AMD_MI300X_192GB</c> →
    /// <c>AmdMi300X_192Gb</c>, <c>QWEN_2_5</c> → <c>Qwen2_5</c>; <c>LLAMA_3</c> stays <c>Llama3</c>. A name that starts
    /// with a digit gets a leading <c>_</c>.
    /// </remarks>
    public static string Pascal(string name)
    {
        var upperSnake = IsUpperSnake(name);
        var sb = new StringBuilder();
        var previousPartHasDigit = false;
        foreach (var part in Parts(name))
        {
            var words = Words(part);
            if (words.Count == 0) continue;
            if (previousPartHasDigit && char.IsDigit(part[0]) && sb.Length > 0) sb.Append('_');
            foreach (var word in words)
            {
                sb.Append(char.ToUpperInvariant(word[0]));
                // UPPER_SNAKE values (enum members) become Title case; an acronym inside camelCase (LLMAssertion) is kept.
                sb.Append(upperSnake ? word.Substring(1).ToLowerInvariant() : word.Substring(1));
            }
            previousPartHasDigit = part.Any(char.IsDigit);
        }
        var result = sb.ToString();
        if (result.Length == 0) return "Value";
        return char.IsDigit(result[0]) ? "_" + result : result;
    }

    /// <summary>The parts of a name between separators (anything but letters and digits).</summary>
    private static IEnumerable<string> Parts(string name)
    {
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i < name.Length && char.IsLetterOrDigit(name[i])) continue;
            if (i > start) yield return name.Substring(start, i - start);
            start = i + 1;
        }
    }

    /// <summary><c>rlor_trainer_job_id</c> → <c>rlorTrainerJobId</c>, escaped with '@' when it is a C# keyword.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        if (pascal.StartsWith("_", StringComparison.Ordinal)) return pascal;
        var camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return CSharpKeywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary>lowerCamel JSON name → proto snake_case path segment (<c>baseModel</c> → <c>base_model</c>): the runtime's rule, <see cref="Fireworks.Aip.ProtoNames"/>.</summary>
    public static string Snake(string jsonName) => Fireworks.Aip.ProtoNames.ToProtoName(jsonName);

    /// <summary>English plural → singular for collection names (<c>developerPasses</c> → <c>developerPass</c>).</summary>
    public static string Singular(string plural)
    {
        if (plural.EndsWith("sses", StringComparison.Ordinal)) return plural.Substring(0, plural.Length - 2);
        if (plural.EndsWith("ies", StringComparison.Ordinal)) return plural.Substring(0, plural.Length - 3) + "y";
        if (plural.EndsWith("s", StringComparison.Ordinal) && !plural.EndsWith("ss", StringComparison.Ordinal)) return plural.Substring(0, plural.Length - 1);
        return plural;
    }

    public static bool IsKeyword(string name) => CSharpKeywords.Contains(name);

    /// <summary>Whether a name is taken by a member every generated extensible enum has (templates/enum.scriban).</summary>
    public static bool IsExtensibleEnumMember(string name) => ExtensibleEnumMembers.Contains(name);

    private static readonly HashSet<string> ExtensibleEnumMembers = new(StringComparer.Ordinal)
    {
        "WireValues", "Numbers", "KnownValues", "IsKnown", "Number", "FromNumber", "Equals", "GetHashCode", "ToString", "GetType",
    };

    private static bool IsUpperSnake(string name)
    {
        foreach (var c in name) if (char.IsLower(c)) return false;
        return true;
    }
}
