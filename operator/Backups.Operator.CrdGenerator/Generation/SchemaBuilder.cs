using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;
using k8s.Models;

namespace Backups.Operator.CrdGenerator.Generation;

/// <summary>
/// Builds a structural OpenAPI v3 schema from a contract type by reflection: JSON names, types, required
/// fields, bounds, patterns, defaults, descriptions and CEL rules all come from the type's attributes.
/// </summary>
public static class SchemaBuilder
{
    /// <summary>The schema of an object type: its public properties, in declaration order.</summary>
    public static V1JSONSchemaProps ForObject(Type type, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!IsObjectType(type))
        {
            throw new NotSupportedException($"{type.FullName} is not an object type a CRD schema can describe.");
        }

        var properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var property in SerializedProperties(type))
        {
            var name = JsonName(property);
            properties.Add(name, ForProperty(property));
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = description ?? type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = properties,
            Required = required.Count > 0 ? required : null,
            XKubernetesValidations = Rules(type.GetCustomAttributes<ValidationRuleAttribute>()),
        };
    }

    /// <summary>The public, JSON-serialized properties of <paramref name="type"/> in declaration order.</summary>
    public static IEnumerable<PropertyInfo> SerializedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .OrderBy(p => p.MetadataToken);

    /// <summary>The name the property has in JSON: its <see cref="JsonPropertyNameAttribute"/>, else camelCase.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static V1JSONSchemaProps ForProperty(PropertyInfo property)
    {
        var schema = ForType(property.PropertyType);
        var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description;
        if (description is not null)
        {
            schema.Description = description;
        }

        ApplyValidation(property, schema);

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { } defaultValue)
        {
            schema.DefaultProperty = defaultValue.Value ??
                throw new NotSupportedException($"{Describe(property)} has a null default; leave the default out instead.");
        }

        if (property.GetCustomAttribute<ListMapAttribute>() is { } listMap)
        {
            if (schema.Type != "array")
            {
                throw new NotSupportedException($"{Describe(property)} is marked [ListMap] but is not a list.");
            }

            schema.XKubernetesListType = "map";
            schema.XKubernetesListMapKeys = [.. listMap.Keys];
        }

        var rules = Rules(property.GetCustomAttributes<ValidationRuleAttribute>());
        if (rules is not null)
        {
            schema.XKubernetesValidations = [.. schema.XKubernetesValidations ?? [], .. rules];
        }

        return schema;
    }

    private static V1JSONSchemaProps ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;

        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(double))
        {
            return new V1JSONSchemaProps { Type = "number" };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type.IsEnum)
        {
            return new V1JSONSchemaProps { Type = "string", EnumProperty = [.. EnumValues(type)] };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new V1JSONSchemaProps { Type = "array", Items = ForType(itemType) };
        }

        if (IsObjectType(type))
        {
            return ForObject(type);
        }

        throw new NotSupportedException($"{type.FullName} has no CRD schema mapping.");
    }

    /// <summary>The JSON names of an enum's members, in declaration order.</summary>
    public static IEnumerable<string> EnumValues(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => f.MetadataToken)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static void ApplyValidation(PropertyInfo property, V1JSONSchemaProps schema)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            var (lowest, highest) = schema.Format switch
            {
                "int32" => ((double)int.MinValue, (double)int.MaxValue),
                "int64" => ((double)long.MinValue, (double)long.MaxValue),
                _ => (double.MinValue, double.MaxValue),
            };

            var minimum = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            var maximum = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
            schema.Minimum = minimum > lowest ? minimum : null;
            schema.Maximum = maximum < highest ? maximum : null;
        }

        if (property.GetCustomAttribute<StringLengthAttribute>() is { } length)
        {
            schema.MaxLength = length.MaximumLength;
            schema.MinLength = length.MinimumLength > 0 ? length.MinimumLength : null;
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } minLength)
        {
            SetLength(schema, minimum: minLength.Length);
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } maxLength)
        {
            SetLength(schema, maximum: maxLength.Length);
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Pattern;
        }

        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            schema.EnumProperty = [.. allowed.Values.Select(v => v ?? throw new NotSupportedException($"{Describe(property)} allows null."))];
        }
    }

    private static void SetLength(V1JSONSchemaProps schema, long? minimum = null, long? maximum = null)
    {
        if (schema.Type == "array")
        {
            schema.MinItems = minimum ?? schema.MinItems;
            schema.MaxItems = maximum ?? schema.MaxItems;
        }
        else
        {
            schema.MinLength = minimum ?? schema.MinLength;
            schema.MaxLength = maximum ?? schema.MaxLength;
        }
    }

    private static List<V1ValidationRule>? Rules(IEnumerable<ValidationRuleAttribute> rules)
    {
        var list = rules.Select(r => new V1ValidationRule { Rule = r.Rule, Message = r.Message }).ToList();
        return list.Count > 0 ? list : null;
    }

    private static Type? ListItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) ||
               definition == typeof(ICollection<>) || definition == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static bool IsObjectType(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    private static string Describe(PropertyInfo property) => $"{property.DeclaringType?.Name}.{property.Name}";
}
