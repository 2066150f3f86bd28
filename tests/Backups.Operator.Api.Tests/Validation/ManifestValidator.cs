using System.Text.Json.Nodes;
using Backups.Operator.Api.Schema;
using k8s.Models;

namespace Backups.Operator.Api.Tests.Validation;

/// <summary>
/// Validates whole manifests: custom resources of <c>backup.platform.dev</c> against their generated CRD
/// schemas, and the two built-in kinds the examples use (Namespace, Secret) against small hand-written schemas.
/// Metadata is checked like the API server does for names: DNS-1123 subdomain names, DNS-1123 label namespaces.
/// </summary>
internal sealed class ManifestValidator(IEnumerable<V1CustomResourceDefinition> definitions)
{
    private const string Dns1123Label = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    private static readonly V1JSONSchemaProps StringMap = new()
    {
        Type = "object",
        AdditionalProperties = new V1JSONSchemaProps { Type = "string" },
    };

    private static readonly V1JSONSchemaProps Metadata = new()
    {
        Type = "object",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["name"] = new() { Type = "string", MaxLength = 253, Pattern = Patterns.Dns1123Subdomain },
            ["namespace"] = new() { Type = "string", MaxLength = 63, Pattern = Dns1123Label },
            ["labels"] = StringMap,
            ["annotations"] = StringMap,
        },
        Required = ["name"],
    };

    private static readonly Dictionary<string, V1JSONSchemaProps> BuiltIns = new(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = BuiltIn(new Dictionary<string, V1JSONSchemaProps>
        {
            ["spec"] = new()
            {
                Type = "object",
                Properties = new Dictionary<string, V1JSONSchemaProps>
                {
                    ["finalizers"] = new() { Type = "array", Items = new V1JSONSchemaProps { Type = "string" } },
                },
            },
        }),
        ["v1/Secret"] = BuiltIn(new Dictionary<string, V1JSONSchemaProps>
        {
            ["type"] = new() { Type = "string" },
            ["immutable"] = new() { Type = "boolean" },
            ["data"] = new()
            {
                Type = "object",
                AdditionalProperties = new V1JSONSchemaProps { Type = "string", Pattern = "^[A-Za-z0-9+/]*={0,2}$" },
            },
            ["stringData"] = StringMap,
        }),
    };

    private readonly Dictionary<string, V1CustomResourceDefinition> customResources =
        definitions.ToDictionary(d => $"{d.Spec.Group}/{d.Spec.Versions[0].Name}/{d.Spec.Names.Kind}", StringComparer.Ordinal);

    /// <summary>The errors of one manifest; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? manifest)
    {
        if (manifest is not JsonObject obj)
        {
            return ["the document is not an object"];
        }

        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        if (apiVersion is null || kind is null)
        {
            return ["apiVersion and kind are required"];
        }

        var errors = new List<string>();
        if (customResources.TryGetValue($"{apiVersion}/{kind}", out var definition))
        {
            errors.AddRange(StructuralSchemaValidator.Validate(obj, definition.Spec.Versions[0].Schema.OpenAPIV3Schema));
            if (definition.Spec.Scope == "Namespaced" && obj["metadata"]?["namespace"] is null)
            {
                errors.Add("metadata.namespace: Required value (the kind is namespaced)");
            }
        }
        else if (BuiltIns.TryGetValue($"{apiVersion}/{kind}", out var schema))
        {
            errors.AddRange(StructuralSchemaValidator.Validate(obj, schema));
        }
        else
        {
            return [$"no schema for {apiVersion} {kind}"];
        }

        errors.AddRange(StructuralSchemaValidator.Validate(obj["metadata"], Metadata, "metadata"));
        return errors;
    }

    private static V1JSONSchemaProps BuiltIn(Dictionary<string, V1JSONSchemaProps> fields)
    {
        var properties = new Dictionary<string, V1JSONSchemaProps>(fields)
        {
            ["apiVersion"] = new() { Type = "string" },
            ["kind"] = new() { Type = "string" },
            ["metadata"] = new() { Type = "object" },
        };

        return new V1JSONSchemaProps { Type = "object", Properties = properties, Required = ["metadata"] };
    }
}
