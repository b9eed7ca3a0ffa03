using Fireworks.SpecDiff.Loading;
using Fireworks.OpenApi.Document;

namespace Fireworks.SpecDiff.OpenApi;

/// <summary>
/// Compares two OpenAPI documents. Operations are matched by path + method, parameters by location + name,
/// schemas by name. A <c>$ref</c> to a component schema is never expanded in place: the component is compared
/// once, and each finding inside it lists the operations that reach it and whether they send or receive it.
/// </summary>
public static class OpenApiDiffer
{
    /// <summary>Every OpenAPI-level change from <paramref name="oldSpec"/> to <paramref name="newSpec"/>, most severe first.</summary>
    /// <param name="oldSpec">The spec in use.</param>
    /// <param name="newSpec">The candidate spec.</param>
    /// <returns>The findings, sorted by severity (descending), group and location.</returns>
    public static IReadOnlyList<Finding> Compare(SpecDocument oldSpec, SpecDocument newSpec)
    {
        ArgumentNullException.ThrowIfNull(oldSpec);
        ArgumentNullException.ThrowIfNull(newSpec);
        var run = new DiffRun(new SpecIndex(oldSpec), new SpecIndex(newSpec));
        return run.Run();
    }

    /// <summary>What kind of element a schema comparison starts from: it picks the rule family for root-level changes.</summary>
    private enum Subject
    {
        Parameter,
        Body,
        Schema,
    }

    /// <summary>Where a schema comparison is, and which way the schema travels there.</summary>
    private sealed record Scope(
        Subject Subject,
        string Group,
        string Pointer,
        string PropertyPath,
        Directions Directions,
        bool Unreferenced,
        IReadOnlyList<OperationUsage> Operations,
        Rule? RootTypeRule,
        string RootName)
    {
        public bool IsRoot => PropertyPath.Length == 0;

        public Scope Child(string pointerSegment, string pathSegment, Directions directions) => this with
        {
            Pointer = Pointer + "/" + pointerSegment,
            PropertyPath = PropertyPath.Length == 0 ? pathSegment : PropertyPath + "/" + pathSegment,
            Directions = directions,
            RootTypeRule = null,
        };

        /// <summary>The operations that the change reaches in <paramref name="directions"/>.</summary>
        public IReadOnlyList<OperationUsage> OperationsVia(Directions directions) =>
            Operations.Where(o => (o.Via & directions) != 0 || o.Via == Directions.None)
                .Select(o => o.Via == Directions.None ? o : o with { Via = o.Via & directions })
                .ToList();
    }

    /// <summary>
    /// A replaced pattern or <c>multipleOf</c> admits some new values and rejects some old ones: for a sender that is a
    /// tightening (a value that passed may now fail), for a receiver a loosening (a value it never saw may arrive).
    /// </summary>
    private static readonly DirectionalRule ConstraintReplaced = new(Rules.PropertyConstraintTightened.Request, Rules.PropertyConstraintLoosened.Response);

    private sealed class DiffRun(SpecIndex oldIndex, SpecIndex newIndex)
    {
        private readonly List<Finding> _findings = [];

        public IReadOnlyList<Finding> Run()
        {
            CompareInfo();
            CompareOperations();
            CompareComponentSchemas();
            return _findings
                .OrderByDescending(f => f.Severity)
                .ThenBy(f => f.Group, StringComparer.Ordinal)
                .ThenBy(f => f.Location, StringComparer.Ordinal)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal)
                .ThenBy(f => f.Message, StringComparer.Ordinal)
                .ToList();
        }

        // ------------------------------------------------------------ info

        private void CompareInfo()
        {
            var oldInfo = oldIndex.Document.Root.Map("info");
            var newInfo = newIndex.Document.Root.Map("info");
            if (oldInfo.Str("version") != newInfo.Str("version"))
            {
                Add(Rules.ApiVersionChanged, "info", "info.version", $"the API version changed from {Code(oldInfo.Str("version"))} to {Code(newInfo.Str("version"))}");
            }
            foreach (var field in new[] { "title", "description" })
            {
                if (Normalize(oldInfo.Str(field)) != Normalize(newInfo.Str(field)))
                {
                    Add(Rules.InfoDescriptionChanged, "info", "info." + field, $"info.{field} changed");
                }
            }
        }

        // ------------------------------------------------------------ operations

        private void CompareOperations()
        {
            var keys = oldIndex.Operations.Keys.Union(newIndex.Operations.Keys).OrderBy(k => k, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                oldIndex.Operations.TryGetValue(key, out var before);
                newIndex.Operations.TryGetValue(key, out var after);
                if (before is null)
                {
                    Add(Rules.EndpointAdded, key, key, $"added the operation {Code(after!.OperationId ?? key)}", Directions.None, [Usage(after, Directions.None)]);
                    continue;
                }
                if (after is null)
                {
                    Add(Rules.EndpointRemoved, key, key, $"removed the operation {Code(before.OperationId ?? key)}", Directions.None, [Usage(before, Directions.None)]);
                    continue;
                }
                CompareOperation(before, after);
            }
        }

        private void CompareOperation(OperationInfo before, OperationInfo after)
        {
            var key = after.Key;
            IReadOnlyList<OperationUsage> self = [Usage(after, Directions.None)];
            if (before.OperationId != after.OperationId)
            {
                Add(Rules.OperationIdUpdated, key, key, $"the operationId changed from {Code(before.OperationId)} to {Code(after.OperationId)}", Directions.None, self);
            }
            if (Normalize(before.Summary) != Normalize(after.Summary) || Normalize(before.Description) != Normalize(after.Description))
            {
                var what = Normalize(before.Summary) != Normalize(after.Summary) ? "summary" : "description";
                Add(Rules.EndpointDescriptionChanged, key, key, $"the operation's {what} changed", Directions.None, self);
            }

            IReadOnlyList<OperationUsage> sent = [Usage(after, Directions.Request)];
            var oldParameters = before.Parameters.ToDictionary(p => p.Key, StringComparer.Ordinal);
            var newParameters = after.Parameters.ToDictionary(p => p.Key, StringComparer.Ordinal);
            foreach (var parameter in before.Parameters.Where(p => !newParameters.ContainsKey(p.Key)))
            {
                Add(Rules.RequestParameterRemoved, key, ParameterPointer(key, parameter), $"removed the {parameter.In} parameter {Code(parameter.Name)}", Directions.Request, sent);
            }
            foreach (var parameter in after.Parameters)
            {
                var pointer = ParameterPointer(key, parameter);
                if (!oldParameters.TryGetValue(parameter.Key, out var old))
                {
                    var rule = parameter.Required ? Rules.NewRequiredRequestParameter : Rules.NewOptionalRequestParameter;
                    Add(rule, key, pointer, $"added the {(parameter.Required ? "required" : "optional")} {parameter.In} parameter {Code(parameter.Name)}", Directions.Request, sent);
                    continue;
                }
                if (!old.Required && parameter.Required)
                {
                    Add(Rules.RequestParameterBecameRequired, key, pointer, $"the {parameter.In} parameter {Code(parameter.Name)} became required", Directions.Request, sent);
                }
                if (old.Required && !parameter.Required)
                {
                    Add(Rules.RequestParameterBecameOptional, key, pointer, $"the {parameter.In} parameter {Code(parameter.Name)} became optional", Directions.Request, sent);
                }
                if (Normalize(old.Description) != Normalize(parameter.Description))
                {
                    Add(Rules.RequestParameterDescriptionChanged, key, pointer, $"the description of the {parameter.In} parameter {Code(parameter.Name)} changed", Directions.Request, sent);
                }
                var what = $"the {parameter.In} parameter {Code(parameter.Name)}";
                var scope = new Scope(Subject.Parameter, key, pointer, "", Directions.Request, false, sent, Rules.RequestParameterTypeChanged, what);
                CompareRoot(old.Schema, parameter.Schema, scope);
            }

            CompareRequestBody(before, after, sent);

            IReadOnlyList<OperationUsage> received = [Usage(after, Directions.Response)];
            foreach (var status in before.SuccessResponses.Keys.Where(s => !after.SuccessResponses.ContainsKey(s)))
            {
                Add(Rules.ResponseSuccessStatusRemoved, key, $"{key}#responses/{status}", $"removed the success response {Code(status)}", Directions.Response, received);
            }
            foreach (var (status, schema) in after.SuccessResponses)
            {
                var pointer = $"{key}#responses/{status}";
                if (!before.SuccessResponses.TryGetValue(status, out var oldSchema))
                {
                    Add(Rules.ResponseSuccessStatusAdded, key, pointer, $"added the success response {Code(status)}", Directions.Response, received);
                    continue;
                }
                if (oldSchema is null && schema is not null)
                {
                    Add(Rules.ResponseBodyAdded, key, pointer, $"the {Code(status)} response now has a body ({Code(Describe(schema))})", Directions.Response, received);
                }
                else if (oldSchema is not null && schema is null)
                {
                    Add(Rules.ResponseBodyRemoved, key, pointer, $"the {Code(status)} response no longer has a body (was {Code(Describe(oldSchema))})", Directions.Response, received);
                }
                else if (oldSchema is not null && schema is not null)
                {
                    var scope = new Scope(Subject.Body, key, pointer, "", Directions.Response, false, received, Rules.ResponseBodyTypeChanged, $"the {Code(status)} response body");
                    CompareRoot(oldSchema, schema, scope);
                }
            }
        }

        private void CompareRequestBody(OperationInfo before, OperationInfo after, IReadOnlyList<OperationUsage> sent)
        {
            var key = after.Key;
            var pointer = key + "#requestBody";
            if (before.RequestBody is null && after.RequestBody is null) return;
            if (before.RequestBody is null)
            {
                var rule = after.RequestBody!.Required ? Rules.AddedRequiredRequestBody : Rules.AddedOptionalRequestBody;
                Add(rule, key, pointer, $"added {(after.RequestBody.Required ? "a required" : "an optional")} request body ({Code(Describe(after.RequestBody.Schema))})", Directions.Request, sent);
                return;
            }
            if (after.RequestBody is null)
            {
                Add(Rules.RequestBodyRemoved, key, pointer, $"removed the request body (was {Code(Describe(before.RequestBody.Schema))})", Directions.Request, sent);
                return;
            }
            if (!before.RequestBody.Required && after.RequestBody.Required)
            {
                Add(Rules.RequestBodyBecameRequired, key, pointer, "the request body became required", Directions.Request, sent);
            }
            if (before.RequestBody.Required && !after.RequestBody.Required)
            {
                Add(Rules.RequestBodyBecameOptional, key, pointer, "the request body became optional", Directions.Request, sent);
            }
            var scope = new Scope(Subject.Body, key, pointer, "", Directions.Request, false, sent, Rules.RequestBodyTypeChanged, "the request body");
            CompareRoot(before.RequestBody.Schema, after.RequestBody.Schema, scope);
        }

        private static string ParameterPointer(string operationKey, ParameterInfo parameter) => $"{operationKey}#parameters/{parameter.In}/{parameter.Name}";

        /// <summary>A parameter or body schema: a reference to the same component is compared at the component, once.</summary>
        private void CompareRoot(SpecNode? before, SpecNode? after, Scope scope)
        {
            if (before is null && after is null) return;
            var oldRef = SpecIndex.SchemaRefName(before);
            var newRef = SpecIndex.SchemaRefName(after);
            if (oldRef is not null && oldRef == newRef)
            {
                // 3.1 lets a reference carry its own constraints and default, next to the $ref.
                CompareValueRules(before!, after!, scope, scope.RootName);
                return;
            }
            if (before is null || after is null || oldRef is not null || newRef is not null)
            {
                if (Describe(before) != Describe(after))
                {
                    Add(scope.RootTypeRule!, scope.Group, scope.Pointer, $"the type of {scope.RootName} changed from {Code(Describe(before))} to {Code(Describe(after))}", scope.Directions, scope.Operations);
                }
                return;
            }
            CompareSchema(before, after, scope);
        }

        // ------------------------------------------------------------ component schemas

        private void CompareComponentSchemas()
        {
            var names = oldIndex.Schemas.Keys.Union(newIndex.Schemas.Keys).OrderBy(n => n, StringComparer.Ordinal);
            foreach (var name in names)
            {
                var pointer = "#/components/schemas/" + name;
                var operations = ReachOf(name);
                var directions = operations.Aggregate(Directions.None, (d, o) => d | o.Via);
                oldIndex.Schemas.TryGetValue(name, out var before);
                newIndex.Schemas.TryGetValue(name, out var after);
                if (before is null)
                {
                    Add(Rules.ApiSchemaAdded, pointer, pointer, $"added the schema {Code(name)}", directions, operations);
                    continue;
                }
                if (after is null)
                {
                    Add(Rules.ApiSchemaRemoved, pointer, pointer, $"removed the schema {Code(name)}", directions, operations);
                    continue;
                }
                var scope = new Scope(Subject.Schema, pointer, pointer, "", directions, operations.Count == 0, operations, null, $"the schema {Code(name)}");
                var (removedValues, addedValues) = EnumDelta(before, after);
                if (Normalize(WithoutEnumValueDocs(Text(before), removedValues, addedValues)) != Normalize(WithoutEnumValueDocs(Text(after), removedValues, addedValues)))
                {
                    Add(Rules.SchemaDescriptionChanged, pointer, pointer, $"the description of the schema {Code(name)} changed", directions, operations);
                }
                CompareSchema(before, after, scope);
            }
        }

        /// <summary>The operations of either spec that reach a component schema, with the union of their directions.</summary>
        private List<OperationUsage> ReachOf(string schemaName)
        {
            var merged = new Dictionary<string, Directions>(StringComparer.Ordinal);
            foreach (var index in new[] { oldIndex, newIndex })
            {
                if (!index.Reach.TryGetValue(schemaName, out var users)) continue;
                foreach (var (operation, via) in users) merged[operation] = merged.GetValueOrDefault(operation) | via;
            }
            return merged
                .Select(e => Usage(newIndex.Operations.GetValueOrDefault(e.Key) ?? oldIndex.Operations[e.Key], e.Value))
                .OrderBy(o => o.Path, StringComparer.Ordinal)
                .ThenBy(o => o.Method, StringComparer.Ordinal)
                .ToList();
        }

        // ------------------------------------------------------------ schema structure

        private void CompareSchema(SpecNode before, SpecNode after, Scope scope)
        {
            var oldType = Describe(before);
            var newType = Describe(after);
            var subjectName = scope.IsRoot ? scope.RootName : $"the property {Code(scope.PropertyPath)}";
            if (oldType != newType)
            {
                var rule = scope.RootTypeRule ?? (scope.Subject == Subject.Parameter ? Rules.RequestParameterTypeChanged : null);
                if (rule is not null) AddScoped(rule, scope, $"the type of {subjectName} changed from {Code(oldType)} to {Code(newType)}");
                else AddDirectional(Rules.PropertyTypeChanged, scope, scope.Directions, $"the type of {subjectName} changed from {Code(oldType)} to {Code(newType)}");
                return;
            }
            CompareValueRules(before, after, scope, subjectName);
            if (SpecIndex.SchemaRefName(before) is not null) return;

            // Describe ignores "null" in a 3.1 type list (and 3.0's nullable), so null-ness is compared on its own.
            var (oldNullable, newNullable) = (IsNullable(before), IsNullable(after));
            if (!oldNullable && newNullable) AddDirectional(Rules.PropertyBecameNullable, scope, scope.Directions, $"{subjectName} became nullable");
            if (oldNullable && !newNullable) AddDirectional(Rules.PropertyBecameNotNullable, scope, scope.Directions, $"{subjectName} is no longer nullable");

            var (removedValues, addedValues) = EnumDelta(before, after);
            var at = scope.IsRoot ? "" : $" of {Code(scope.PropertyPath)}";
            foreach (var value in removedValues)
            {
                if (scope.Subject == Subject.Parameter) AddScoped(Rules.RequestParameterEnumValueRemoved, scope, $"removed the enum value {Code(value)}{at}");
                else AddDirectional(Rules.PropertyEnumValueRemoved, scope, scope.Directions, $"removed the enum value {Code(value)}{at}");
            }
            foreach (var value in addedValues)
            {
                if (scope.Subject == Subject.Parameter) AddScoped(Rules.RequestParameterEnumValueAdded, scope, $"added the enum value {Code(value)}{at}");
                else AddDirectional(Rules.PropertyEnumValueAdded, scope, scope.Directions, $"added the enum value {Code(value)}{at}");
            }

            if (Composition(before) != Composition(after))
            {
                AddScoped(Rules.SchemaCompositionChanged, scope, $"allOf/oneOf/anyOf/not of {subjectName} changed");
            }

            CompareProperties(before, after, scope);

            if (before.Get("items") is SpecMapping oldItems && after.Get("items") is SpecMapping newItems)
            {
                CompareSchema(oldItems, newItems, scope.Child("items", "items", scope.Directions));
            }
            if (before.Get("additionalProperties") is SpecMapping oldValues && after.Get("additionalProperties") is SpecMapping newValues)
            {
                CompareSchema(oldValues, newValues, scope.Child("additionalProperties", "additionalProperties", scope.Directions));
            }
        }

        /// <summary>Validation constraints and the default of one schema node (its children are compared where the walk reaches them).</summary>
        private void CompareValueRules(SpecNode before, SpecNode after, Scope scope, string subjectName)
        {
            foreach (var change in Constraints.Compare(before, after, subjectName))
            {
                if (scope.Subject == Subject.Parameter)
                {
                    var rule = change.Effect == ConstraintEffect.Loosened ? Rules.RequestParameterConstraintLoosened : Rules.RequestParameterConstraintTightened;
                    AddScoped(rule, scope, change.Message);
                    continue;
                }
                var pair = change.Effect switch
                {
                    ConstraintEffect.Tightened => Rules.PropertyConstraintTightened,
                    ConstraintEffect.Loosened => Rules.PropertyConstraintLoosened,
                    _ => ConstraintReplaced,
                };
                AddDirectional(pair, scope, scope.Directions, change.Message);
            }

            if (Constraints.DefaultChange(before, after) is var (oldDefault, newDefault))
            {
                var message = $"the default of {subjectName} changed from {DefaultText(oldDefault)} to {DefaultText(newDefault)}";
                if (scope.Subject == Subject.Parameter) AddScoped(Rules.RequestParameterDefaultChanged, scope, message);
                else AddDirectional(Rules.PropertyDefaultChanged, scope, scope.Directions, message);
            }
        }

        private void CompareProperties(SpecNode before, SpecNode after, Scope scope)
        {
            var oldProperties = before.Map("properties").Entries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            var newProperties = after.Map("properties").Entries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            if (oldProperties.Count == 0 && newProperties.Count == 0) return;
            var oldRequired = new HashSet<string>(before.Seq("required").Strings(), StringComparer.Ordinal);
            var newRequired = new HashSet<string>(after.Seq("required").Strings(), StringComparer.Ordinal);

            foreach (var (name, oldProperty) in oldProperties)
            {
                var child = scope.Child("properties/" + name, name, Travels(scope.Directions, oldProperty));
                if (!newProperties.TryGetValue(name, out var newProperty))
                {
                    var rule = oldRequired.Contains(name) ? Rules.PropertyRemovedRequired : Rules.PropertyRemovedOptional;
                    AddDirectional(rule, child, child.Directions, $"removed the {(oldRequired.Contains(name) ? "required" : "optional")} property {Code(child.PropertyPath)}");
                    continue;
                }

                var oldReadOnly = oldProperty.Bool("readOnly");
                var newReadOnly = newProperty.Bool("readOnly");
                if (!oldReadOnly && newReadOnly) AddDirectional(Rules.PropertyBecameReadOnly, child, scope.Directions, $"the property {Code(child.PropertyPath)} became read-only");
                if (oldReadOnly && !newReadOnly) AddDirectional(Rules.PropertyBecameNotReadOnly, child, scope.Directions, $"the property {Code(child.PropertyPath)} is no longer read-only");

                // Judge everything else by the directions the property travels in both versions.
                var directions = child.Directions & Travels(scope.Directions, newProperty);
                child = child with { Directions = directions };
                if (!oldRequired.Contains(name) && newRequired.Contains(name)) AddDirectional(Rules.PropertyBecameRequired, child, directions, $"the property {Code(child.PropertyPath)} became required");
                if (oldRequired.Contains(name) && !newRequired.Contains(name)) AddDirectional(Rules.PropertyBecameOptional, child, directions, $"the property {Code(child.PropertyPath)} became optional");

                var (removedValues, addedValues) = EnumDelta(oldProperty, newProperty);
                if (Normalize(WithoutEnumValueDocs(Text(oldProperty), removedValues, addedValues)) != Normalize(WithoutEnumValueDocs(Text(newProperty), removedValues, addedValues)))
                {
                    AddScoped(Rules.PropertyDescriptionChanged, child, $"the description of the property {Code(child.PropertyPath)} changed");
                }
                CompareSchema(oldProperty, newProperty, child);
            }

            foreach (var (name, newProperty) in newProperties)
            {
                if (oldProperties.ContainsKey(name)) continue;
                var child = scope.Child("properties/" + name, name, Travels(scope.Directions, newProperty));
                var required = newRequired.Contains(name);
                AddDirectional(required ? Rules.PropertyAddedRequired : Rules.PropertyAddedOptional, child, child.Directions, $"added the {(required ? "required" : "optional")} property {Code(child.PropertyPath)} ({Code(Describe(newProperty))})");
            }
        }

        /// <summary>The directions a property's value travels: read-only values are never sent, write-only values never received.</summary>
        private static Directions Travels(Directions directions, SpecNode property)
        {
            if (property.Bool("readOnly")) directions &= ~Directions.Request;
            if (property.Bool("writeOnly")) directions &= ~Directions.Response;
            return directions;
        }

        // ------------------------------------------------------------ recording

        private void AddDirectional(DirectionalRule rule, Scope scope, Directions directions, string message)
        {
            if (scope.Unreferenced)
            {
                Add(Rules.UnreferencedSchemaChanged, scope.Group, scope.Pointer, message + " (no operation uses this schema)", Directions.None, []);
                return;
            }
            // A change that cannot travel (a read-only property of a schema only ever sent) has no effect on the wire.
            if (directions == Directions.None) return;
            Add(rule.For(directions), scope.Group, scope.Pointer, message, directions, scope.OperationsVia(directions));
        }

        private void AddScoped(Rule rule, Scope scope, string message)
        {
            if (scope.Unreferenced)
            {
                Add(rule.Severity == Severity.Info ? rule : Rules.UnreferencedSchemaChanged, scope.Group, scope.Pointer, message + (rule.Severity == Severity.Info ? "" : " (no operation uses this schema)"), Directions.None, []);
                return;
            }
            if (scope.Directions == Directions.None) return;
            Add(rule, scope.Group, scope.Pointer, message, scope.Directions, scope.OperationsVia(scope.Directions));
        }

        private void Add(Rule rule, string group, string location, string message, Directions via = Directions.None, IReadOnlyList<OperationUsage>? operations = null)
        {
            _findings.Add(new Finding(rule, group, location, message, via, operations ?? []));
        }

        private static OperationUsage Usage(OperationInfo operation, Directions via) => new(operation.Method, operation.Path, operation.OperationId, via);
    }

    // ---------------------------------------------------------------- schema helpers

    /// <summary>
    /// A schema's type in one line: <c>string(int64)</c>, <c>string enum</c>, <c>array&lt;gatewayJob&gt;</c>,
    /// <c>map&lt;string&gt;</c>, a component name for a reference, <c>object</c> for an inline object.
    /// Two nodes with different descriptions hold different types.
    /// </summary>
    internal static string Describe(SpecNode? schema)
    {
        if (schema is not SpecMapping map) return "none";
        var reference = map.Str("$ref");
        if (reference is not null) return SpecIndex.SchemaRefName(map) ?? reference;
        var type = TypeOf(map);
        if (type is null)
        {
            if (map.Has("properties")) type = "object";
            else if (map.Has("items")) type = "array";
            else if (map.Has("enum")) type = "string";
            else if (map.Has("allOf") || map.Has("oneOf") || map.Has("anyOf")) return "composed";
            else type = "any";
        }
        var format = map.Str("format");
        var text = format is null ? type : $"{type}({format})";
        if (type == "array") return $"array<{Describe(map.Get("items"))}>";
        if (type == "object" && !map.Has("properties") && map.Get("additionalProperties") is SpecMapping { Count: > 0 } values)
        {
            return $"map<{Describe(values)}>";
        }
        return map.Has("enum") ? text + " enum" : text;
    }

    /// <summary>Whether a schema admits null: 3.0's <c>nullable: true</c>, or <c>"null"</c> among 3.1's types.</summary>
    private static bool IsNullable(SpecNode schema) =>
        schema.Bool("nullable") || (schema.Get("type") is SpecSequence types && types.Strings().Contains("null", StringComparer.Ordinal));

    private static string? TypeOf(SpecMapping schema) => schema.Get("type") switch
    {
        SpecScalar scalar => scalar.Value,
        SpecSequence types => types.Strings().FirstOrDefault(t => t != "null"),
        _ => null,
    };

    private static string Composition(SpecNode schema) =>
        string.Join("|", new[] { "allOf", "oneOf", "anyOf", "not" }.Select(k => Canonical(schema.Get(k))));

    /// <summary>A compact, order-preserving text form of any node, for equality checks.</summary>
    private static string Canonical(SpecNode? node) => node switch
    {
        null => "",
        SpecScalar scalar => scalar.Value,
        SpecSequence seq => "[" + string.Join(",", seq.Items.Select(Canonical)) + "]",
        SpecMapping map => "{" + string.Join(",", map.Entries.Select(e => e.Key + ":" + Canonical(e.Value))) + "}",
        _ => "",
    };

    /// <summary>Enum values removed and added, in document order.</summary>
    private static (List<string> Removed, List<string> Added) EnumDelta(SpecNode before, SpecNode after)
    {
        var oldValues = before.Seq("enum").Strings().ToList();
        var newValues = after.Seq("enum").Strings().ToList();
        if (oldValues.Count == 0 || newValues.Count == 0) return ([], []);
        return (oldValues.Except(newValues, StringComparer.Ordinal).ToList(), newValues.Except(oldValues, StringComparer.Ordinal).ToList());
    }

    private static string Text(SpecNode schema) => (schema.Str("title") ?? "") + "\n" + (schema.Str("description") ?? "");

    /// <summary>
    /// Drops the per-value lines (" - VALUE: text", as protoc-gen-openapi writes them) of added and removed enum
    /// values, so an enum change is reported once, as an enum change, not again as a description change.
    /// </summary>
    private static string WithoutEnumValueDocs(string text, List<string> removed, List<string> added)
    {
        if (removed.Count == 0 && added.Count == 0) return text;
        var changed = new HashSet<string>(removed.Concat(added), StringComparer.Ordinal);
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                var colon = trimmed.IndexOf(':');
                var value = colon > 2 ? trimmed.Substring(2, colon - 2).Trim() : "";
                skipping = changed.Contains(value);
                if (skipping) continue;
            }
            else if (skipping && trimmed.Length > 0)
            {
                continue;
            }
            else
            {
                skipping = false;
            }
            kept.Add(line);
        }
        return string.Join("\n", kept);
    }

    private static string Normalize(string? text) => string.Join(" ", (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string DefaultText(string? value) => value switch
    {
        null => "`(none)`",
        "" => "`\"\"`",
        _ => Code(value),
    };

    private static string Code(string? text) => "`" + (string.IsNullOrEmpty(text) ? "(none)" : text) + "`";
}
