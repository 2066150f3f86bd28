using Backups.Operator.ApiServer.Storage;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Schemas;
using Backups.Operator.ApiServer.Tables;

namespace Backups.Operator.ApiServer.Resources;

/// <summary>Turns a CustomResourceDefinition object into the <see cref="ResourceType"/> it serves, or field errors.</summary>
internal static class CustomResourceDefinitionReader
{
    public static ResourceType Read(JsonObject crd, List<FieldError> errors)
    {
        var spec = crd["spec"] as JsonObject;
        if (spec is null)
        {
            errors.Add(FieldError.Required("spec"));
            return Placeholder();
        }

        var group = spec.GetString("group") ?? string.Empty;
        var names = spec["names"] as JsonObject ?? new JsonObject();
        var plural = names.GetString("plural") ?? string.Empty;
        var kind = names.GetString("kind") ?? string.Empty;
        var scope = spec.GetString("scope");
        if (group.Length == 0 || !group.Contains('.'))
        {
            errors.Add(group.Length == 0 ? FieldError.Required("spec.group") : FieldError.Invalid("spec.group", $"\"{group}\"", "should be a domain with at least one dot"));
        }

        if (plural.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }

        if (kind.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }

        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(FieldError.NotSupported("spec.scope", $"\"{scope}\"", ["\"Cluster\"", "\"Namespaced\""]));
        }

        var name = crd["metadata"]?["name"]?.GetValue<string>();
        if (name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", $"\"{name}\"", "must be spec.names.plural+\".\"+spec.group"));
        }

        var versions = new List<ResourceTypeVersion>();
        if (spec["versions"] is not JsonArray versionArray || versionArray.Count == 0)
        {
            errors.Add(FieldError.Required("spec.versions"));
        }
        else
        {
            for (var i = 0; i < versionArray.Count; i++)
            {
                if (versionArray[i] is JsonObject version)
                {
                    versions.Add(ReadVersion(version, $"spec.versions[{i}]", errors));
                }
            }

            if (versions.Count(v => v.Storage) != 1)
            {
                errors.Add(FieldError.Invalid("spec.versions", "\"array\"", "must have exactly one version marked as storage version"));
            }
        }

        return new ResourceType
        {
            Group = group,
            Plural = plural,
            Singular = names.GetString("singular") ?? kind.ToLowerInvariant(),
            Kind = kind,
            Namespaced = scope != "Cluster",
            ShortNames = Strings(names["shortNames"]),
            Categories = Strings(names["categories"]),
            TracksGeneration = true,
            ReturnsDeletedObject = true,
            IsCustom = true,
            Versions = versions.Count > 0 ? versions : [new ResourceTypeVersion { Name = "v1", Columns = [] }],
        };
    }

    /// <summary>The <c>status</c> the API server writes on an accepted CRD: names accepted and Established.</summary>
    public static JsonObject AcceptedStatus(JsonObject crd, string now)
    {
        var spec = crd["spec"]!.AsObject();
        var storedVersions = new JsonArray();
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().Where(v => v["storage"]?.GetValue<bool>() == true))
        {
            storedVersions.Add(version.GetString("name"));
        }

        return new JsonObject
        {
            ["acceptedNames"] = spec["names"]?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "True", "NoConflicts", "no conflicts found", now),
                Condition("Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = storedVersions,
        };
    }

    public static JsonObject Condition(string type, string status, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    private static ResourceTypeVersion ReadVersion(JsonObject version, string path, List<FieldError> errors)
    {
        var name = version.GetString("name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path + ".name"));
        }

        StructuralSchema? schema = null;
        if (version["schema"]?["openAPIV3Schema"] is JsonObject openApi)
        {
            schema = StructuralSchema.Compile(openApi, path + ".schema.openAPIV3Schema", errors);
        }
        else
        {
            errors.Add(FieldError.Required(path + ".schema.openAPIV3Schema"));
        }

        var columns = new List<PrinterColumn> { Column.Name() };
        if (version["additionalPrinterColumns"] is JsonArray printerColumns && printerColumns.Count > 0)
        {
            for (var i = 0; i < printerColumns.Count; i++)
            {
                if (printerColumns[i] is not JsonObject column)
                {
                    continue;
                }

                var jsonPath = column.GetString("jsonPath") ?? string.Empty;
                try
                {
                    columns.Add(Column.Path(
                        column.GetString("name") ?? string.Empty,
                        column.GetString("type") ?? "string",
                        jsonPath,
                        column.GetString("description") ?? string.Empty,
                        column["priority"]?.GetValue<int>() ?? 0,
                        column.GetString("format") ?? string.Empty));
                }
                catch (FormatException e)
                {
                    errors.Add(FieldError.Invalid($"{path}.additionalPrinterColumns[{i}].jsonPath", $"\"{jsonPath}\"", e.Message));
                }
            }
        }
        else
        {
            columns.Add(Column.Age());
        }

        return new ResourceTypeVersion
        {
            Name = name,
            Served = version["served"]?.GetValue<bool>() ?? true,
            Storage = version["storage"]?.GetValue<bool>() ?? false,
            HasStatus = version["subresources"]?["status"] is JsonObject,
            Schema = schema,
            Columns = columns,
        };
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.GetValue<string>()).OfType<string>()] : [];

    private static ResourceType Placeholder() => new()
    {
        Group = string.Empty,
        Plural = string.Empty,
        Singular = string.Empty,
        Kind = string.Empty,
        Namespaced = false,
        Versions = [],
    };
}
