using System.ComponentModel;
using System.Reflection;
using Backups.Operator.Api;
using Backups.Operator.Api.Schema;
using k8s.Models;

namespace Backups.Operator.CrdGenerator.Generation;

/// <summary>Builds the <c>apiextensions.k8s.io/v1</c> CustomResourceDefinition of one kind of the catalog.</summary>
public static class CrdBuilder
{
    /// <summary>The CRD of <paramref name="kind"/>: one served and stored version with the status subresource.</summary>
    public static V1CustomResourceDefinition Build(KindDefinition kind)
    {
        ArgumentNullException.ThrowIfNull(kind);

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = kind.CrdName,
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["app.kubernetes.io/name"] = "backups-operator",
                    ["app.kubernetes.io/component"] = "crd",
                },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = ApiConstants.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = kind.Kind,
                    ListKind = kind.Kind + "List",
                    Plural = kind.Plural,
                    Singular = kind.Singular,
                    ShortNames = [.. kind.ShortNames],
                    Categories = [.. kind.Categories],
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = ApiConstants.Version,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = RootSchema(kind) },
                        Subresources = new V1CustomResourceSubresources { Status = new Dictionary<string, object>() },
                        AdditionalPrinterColumns = [.. kind.PrinterColumns.Select(PrinterColumn)],
                    },
                ],
            },
        };
    }

    private static V1JSONSchemaProps RootSchema(KindDefinition kind) => new()
    {
        Type = "object",
        Description = kind.Description,
        Properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal)
        {
            ["apiVersion"] = new()
            {
                Type = "string",
                Description = "APIVersion defines the versioned schema of this representation of an object.",
            },
            ["kind"] = new()
            {
                Type = "string",
                Description = "Kind is a string value representing the REST resource this object represents.",
            },
            ["metadata"] = new() { Type = "object" },
            ["spec"] = SchemaBuilder.ForObject(kind.SpecType, Description(kind.SpecType)),
            ["status"] = SchemaBuilder.ForObject(kind.StatusType, Description(kind.StatusType)),
        },
        Required = ["spec"],
    };

    private static string? Description(Type type) => type.GetCustomAttribute<DescriptionAttribute>()?.Description;

    private static V1CustomResourceColumnDefinition PrinterColumn(PrinterColumn column) => new()
    {
        Name = column.Name,
        Type = column.Type,
        JsonPath = column.JsonPath,
        Description = column.Description,
        Priority = column.Priority == 0 ? null : column.Priority,
    };
}
