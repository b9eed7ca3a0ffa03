namespace Fireworks.SpecDiff.OpenApi;

/// <summary>Every OpenAPI-level rule. Ids are stable (documented in docs/spec-diff.md); never rename or reuse one.</summary>
public static class Rules
{
    // ------------------------------------------------------------------ info
    /// <summary><c>info.version</c> changed.</summary>
    public static readonly Rule ApiVersionChanged = new("api-version-changed", Severity.Info, "info.version changed");

    /// <summary><c>info.title</c> or <c>info.description</c> changed.</summary>
    public static readonly Rule InfoDescriptionChanged = new("info-description-changed", Severity.Info, "info.title or info.description changed");

    // ------------------------------------------------------------------ operations
    /// <summary>A path + method that did not exist.</summary>
    public static readonly Rule EndpointAdded = new("endpoint-added", Severity.Info, "an operation (path + method) was added");

    /// <summary>A path + method that no longer exists.</summary>
    public static readonly Rule EndpointRemoved = new("endpoint-removed", Severity.Breaking, "an operation (path + method) was removed");

    /// <summary>Same path + method, new operationId.</summary>
    public static readonly Rule OperationIdUpdated = new("api-operation-id-updated", Severity.Warning, "an operation kept its path and method but changed its operationId (the wire is unchanged; generated method names may change)");

    /// <summary>Summary or description of an operation changed.</summary>
    public static readonly Rule EndpointDescriptionChanged = new("endpoint-description-changed", Severity.Info, "an operation's summary or description changed");

    // ------------------------------------------------------------------ parameters
    /// <summary>A new required parameter: existing calls do not send it.</summary>
    public static readonly Rule NewRequiredRequestParameter = new("new-required-request-parameter", Severity.Breaking, "a required parameter was added");

    /// <summary>A new optional parameter.</summary>
    public static readonly Rule NewOptionalRequestParameter = new("new-optional-request-parameter", Severity.Info, "an optional parameter was added");

    /// <summary>A parameter that no longer exists.</summary>
    public static readonly Rule RequestParameterRemoved = new("request-parameter-removed", Severity.Warning, "a parameter was removed (clients that send it may be rejected or ignored)");

    /// <summary>An optional parameter became required.</summary>
    public static readonly Rule RequestParameterBecameRequired = new("request-parameter-became-required", Severity.Breaking, "an optional parameter became required");

    /// <summary>A required parameter became optional.</summary>
    public static readonly Rule RequestParameterBecameOptional = new("request-parameter-became-optional", Severity.Info, "a required parameter became optional");

    /// <summary>The type, format or referenced schema of a parameter changed.</summary>
    public static readonly Rule RequestParameterTypeChanged = new("request-parameter-type-changed", Severity.Breaking, "a parameter's type, format or referenced schema changed");

    /// <summary>An inline enum value of a parameter was removed.</summary>
    public static readonly Rule RequestParameterEnumValueRemoved = new("request-parameter-enum-value-removed", Severity.Breaking, "a value was removed from a parameter's inline enum");

    /// <summary>An inline enum value of a parameter was added.</summary>
    public static readonly Rule RequestParameterEnumValueAdded = new("request-parameter-enum-value-added", Severity.Info, "a value was added to a parameter's inline enum");

    /// <summary>A parameter now admits fewer values: a bound, length, item count or <c>multipleOf</c> tightened, a pattern added or changed.</summary>
    public static readonly Rule RequestParameterConstraintTightened = new("request-parameter-constraint-tightened", Severity.Breaking, "a parameter's validation constraint now admits fewer values (calls that passed can be rejected)");

    /// <summary>A parameter now admits more values.</summary>
    public static readonly Rule RequestParameterConstraintLoosened = new("request-parameter-constraint-loosened", Severity.Info, "a parameter's validation constraint now admits more values");

    /// <summary>A parameter's default was added, removed or changed.</summary>
    public static readonly Rule RequestParameterDefaultChanged = new("request-parameter-default-changed", Severity.Warning, "a parameter's default was added, removed or changed (calls that omit it now behave differently)");

    /// <summary>A parameter's description changed.</summary>
    public static readonly Rule RequestParameterDescriptionChanged = new("request-parameter-description-changed", Severity.Info, "a parameter's description changed");

    // ------------------------------------------------------------------ request and response bodies
    /// <summary>A required request body was added.</summary>
    public static readonly Rule AddedRequiredRequestBody = new("added-required-request-body", Severity.Breaking, "a required request body was added");

    /// <summary>An optional request body was added.</summary>
    public static readonly Rule AddedOptionalRequestBody = new("added-optional-request-body", Severity.Info, "an optional request body was added");

    /// <summary>The request body was removed.</summary>
    public static readonly Rule RequestBodyRemoved = new("request-body-removed", Severity.Warning, "the request body was removed (clients still send it)");

    /// <summary>An optional request body became required.</summary>
    public static readonly Rule RequestBodyBecameRequired = new("request-body-became-required", Severity.Breaking, "an optional request body became required");

    /// <summary>A required request body became optional.</summary>
    public static readonly Rule RequestBodyBecameOptional = new("request-body-became-optional", Severity.Info, "a required request body became optional");

    /// <summary>The request body's schema was replaced by another schema or type.</summary>
    public static readonly Rule RequestBodyTypeChanged = new("request-body-type-changed", Severity.Breaking, "the request body now has a different schema or type");

    /// <summary>A 2xx status was added.</summary>
    public static readonly Rule ResponseSuccessStatusAdded = new("response-success-status-added", Severity.Info, "a success (2xx) response status was added");

    /// <summary>A 2xx status was removed.</summary>
    public static readonly Rule ResponseSuccessStatusRemoved = new("response-success-status-removed", Severity.Breaking, "a success (2xx) response status was removed");

    /// <summary>A success response that had no body now has one.</summary>
    public static readonly Rule ResponseBodyAdded = new("response-body-added", Severity.Info, "a success response that had no body now has one");

    /// <summary>A success response lost its body.</summary>
    public static readonly Rule ResponseBodyRemoved = new("response-body-removed", Severity.Breaking, "a success response no longer has a body");

    /// <summary>The success response's schema was replaced by another schema or type.</summary>
    public static readonly Rule ResponseBodyTypeChanged = new("response-body-type-changed", Severity.Breaking, "the success response body now has a different schema or type");

    // ------------------------------------------------------------------ properties (any schema node reached by a body or parameter)
    /// <summary>A property was added.</summary>
    public static readonly DirectionalRule PropertyAddedRequired = new(
        new("new-required-request-property", Severity.Breaking, "a required property was added to a schema clients send"),
        new("response-property-added", Severity.Info, "a property was added to a schema clients receive"));

    /// <summary>An optional property was added.</summary>
    public static readonly DirectionalRule PropertyAddedOptional = new(
        new("new-optional-request-property", Severity.Info, "an optional property was added to a schema clients send"),
        PropertyAddedRequired.Response);

    /// <summary>A required property was removed.</summary>
    public static readonly DirectionalRule PropertyRemovedRequired = new(
        new("request-property-removed", Severity.Warning, "a property was removed from a schema clients send (the server ignores or rejects it)"),
        new("response-required-property-removed", Severity.Breaking, "a required property was removed from a schema clients receive"));

    /// <summary>An optional property was removed.</summary>
    public static readonly DirectionalRule PropertyRemovedOptional = new(
        PropertyRemovedRequired.Request,
        new("response-optional-property-removed", Severity.Warning, "an optional property was removed from a schema clients receive"));

    /// <summary>The type, format or referenced schema of a property changed.</summary>
    public static readonly DirectionalRule PropertyTypeChanged = new(
        new("request-property-type-changed", Severity.Breaking, "the type, format or referenced schema of a sent property (or schema) changed"),
        new("response-property-type-changed", Severity.Breaking, "the type, format or referenced schema of a received property (or schema) changed"));

    /// <summary>An optional property became required.</summary>
    public static readonly DirectionalRule PropertyBecameRequired = new(
        new("request-property-became-required", Severity.Breaking, "a property clients send became required"),
        new("response-property-became-required", Severity.Info, "a property clients receive became required (always present)"));

    /// <summary>A required property became optional.</summary>
    public static readonly DirectionalRule PropertyBecameOptional = new(
        new("request-property-became-optional", Severity.Info, "a property clients send became optional"),
        new("response-property-became-optional", Severity.Breaking, "a property clients receive became optional (may be absent)"));

    /// <summary>A property (or schema) now admits null: <c>nullable: true</c> (3.0) or <c>"null"</c> in its <c>type</c> (3.1).</summary>
    public static readonly DirectionalRule PropertyBecameNullable = new(
        new("request-property-became-nullable", Severity.Info, "a property clients send now admits null"),
        new("response-property-became-nullable", Severity.Breaking, "a property clients receive may now be null"));

    /// <summary>A property (or schema) no longer admits null.</summary>
    public static readonly DirectionalRule PropertyBecameNotNullable = new(
        new("request-property-became-not-nullable", Severity.Breaking, "a property clients send no longer admits null"),
        new("response-property-became-not-nullable", Severity.Info, "a property clients receive is no longer null"));

    /// <summary>A property became read-only.</summary>
    public static readonly DirectionalRule PropertyBecameReadOnly = new(
        new("request-property-became-read-only", Severity.Warning, "a property clients send became read-only (the server now ignores it)"),
        new("response-property-became-read-only", Severity.Info, "a property clients receive became read-only"));

    /// <summary>A property is no longer read-only.</summary>
    public static readonly DirectionalRule PropertyBecameNotReadOnly = new(
        new("request-property-became-not-read-only", Severity.Info, "a read-only property of a schema clients send became writable"),
        new("response-property-became-not-read-only", Severity.Info, "a read-only property of a schema clients receive became writable"));

    /// <summary>An enum value was removed.</summary>
    public static readonly DirectionalRule PropertyEnumValueRemoved = new(
        new("request-property-enum-value-removed", Severity.Breaking, "an enum value clients may send was removed"),
        new("response-property-enum-value-removed", Severity.Info, "an enum value clients may receive was removed"));

    /// <summary>An enum value was added.</summary>
    public static readonly DirectionalRule PropertyEnumValueAdded = new(
        new("request-property-enum-value-added", Severity.Info, "an enum value clients may send was added"),
        new("response-property-enum-value-added", Severity.Warning, "an enum value clients may receive was added (strict clients that switch over every value can fail)"));

    /// <summary>
    /// A property (or schema) now admits fewer values: <c>maxLength</c>/<c>maxItems</c>/<c>maxProperties</c> lowered,
    /// their <c>min…</c> raised, a <c>minimum</c>/<c>maximum</c> bound (inclusive or exclusive, 3.0 or 3.1 style) moved
    /// inwards, a <c>pattern</c> or <c>multipleOf</c> added, <c>uniqueItems</c> switched on.
    /// </summary>
    public static readonly DirectionalRule PropertyConstraintTightened = new(
        new("request-property-constraint-tightened", Severity.Breaking, "a validation constraint of a value clients send now admits fewer values (requests that passed can be rejected)"),
        new("response-property-constraint-tightened", Severity.Info, "a validation constraint of a value clients receive now admits fewer values"));

    /// <summary>A property (or schema) now admits more values: the opposite of <see cref="PropertyConstraintTightened"/>.</summary>
    public static readonly DirectionalRule PropertyConstraintLoosened = new(
        new("request-property-constraint-loosened", Severity.Info, "a validation constraint of a value clients send now admits more values"),
        new("response-property-constraint-loosened", Severity.Warning, "a validation constraint of a value clients receive now admits more values (clients that relied on the old bounds can fail)"));

    /// <summary>A property's (or schema's) default was added, removed or changed.</summary>
    public static readonly DirectionalRule PropertyDefaultChanged = new(
        new("request-property-default-changed", Severity.Warning, "the default of a value clients send was added, removed or changed (requests that omit it now behave differently)"),
        new("response-property-default-changed", Severity.Warning, "the default of a value clients receive was added, removed or changed (an absent value now means something else)"));

    /// <summary>A property's description or title changed.</summary>
    public static readonly Rule PropertyDescriptionChanged = new("property-description-changed", Severity.Info, "a property's description or title changed");

    /// <summary>allOf/oneOf/anyOf/not changed.</summary>
    public static readonly Rule SchemaCompositionChanged = new("schema-composition-changed", Severity.Warning, "allOf/oneOf/anyOf/not of a schema changed (not analysed further: review it by hand)");

    // ------------------------------------------------------------------ component schemas
    /// <summary>A component schema was added.</summary>
    public static readonly Rule ApiSchemaAdded = new("api-schema-added", Severity.Info, "a schema was added to components.schemas");

    /// <summary>A component schema was removed.</summary>
    public static readonly Rule ApiSchemaRemoved = new("api-schema-removed", Severity.Info, "a schema was removed from components.schemas (references to it are reported where they changed)");

    /// <summary>A component schema's description or title changed.</summary>
    public static readonly Rule SchemaDescriptionChanged = new("schema-description-changed", Severity.Info, "a component schema's description or title changed");

    /// <summary>A schema that no operation uses changed.</summary>
    public static readonly Rule UnreferencedSchemaChanged = new("unreferenced-schema-changed", Severity.Info, "a component schema that no operation reaches changed (no wire impact; see the C# impact for the SDK)");

    /// <summary>Every rule, in documentation order.</summary>
    public static IReadOnlyList<Rule> All { get; } = Collect();

    private static List<Rule> Collect()
    {
        var rules = new List<Rule>();
        foreach (var field in typeof(Rules).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        {
            switch (field.GetValue(null))
            {
                case Rule rule:
                    rules.Add(rule);
                    break;
                case DirectionalRule pair:
                    rules.Add(pair.Request);
                    rules.Add(pair.Response);
                    break;
            }
        }
        return rules.DistinctBy(r => r.Id).ToList();
    }
}
