using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Backups.Operator.Api.Tests.Validation;

/// <summary>
/// Just enough of the API server's structural-schema validation to prove a manifest is valid: types and
/// formats, required fields, unknown fields, enums, patterns, lengths, bounds and list-map keys. CEL rules
/// (x-kubernetes-validations) are not evaluated; the immutability rules only apply to updates anyway.
/// </summary>
internal static class StructuralSchemaValidator
{
    /// <summary>The errors of <paramref name="value"/> against <paramref name="schema"/>, as "path: problem".</summary>
    public static IReadOnlyList<string> Validate(JsonNode? value, V1JSONSchemaProps schema, string path = "")
    {
        var errors = new List<string>();
        Check(value, schema, path, errors);
        return errors;
    }

    private static void Check(JsonNode? value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (value is null)
        {
            if (schema.Nullable != true)
            {
                errors.Add($"{path}: must not be null");
            }

            return;
        }

        switch (schema.Type)
        {
            case "object":
                CheckObject(value, schema, path, errors);
                break;
            case "array":
                CheckArray(value, schema, path, errors);
                break;
            case "string":
                CheckString(value, schema, path, errors);
                break;
            case "integer":
            case "number":
                CheckNumber(value, schema, path, errors);
                break;
            case "boolean":
                if (Kind(value) is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: must be a boolean, got {Describe(value)}");
                }

                break;
            default:
                errors.Add($"{path}: the schema has no type (not structural)");
                break;
        }
    }

    private static void CheckObject(JsonNode value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (value is not JsonObject obj)
        {
            errors.Add($"{path}: must be an object, got {Describe(value)}");
            return;
        }

        var properties = schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>();
        foreach (var name in schema.Required ?? [])
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{Join(path, name)}: Required value");
            }
        }

        foreach (var (name, child) in obj)
        {
            if (properties.TryGetValue(name, out var childSchema))
            {
                Check(child, childSchema, Join(path, name), errors);
            }
            else if (schema.AdditionalProperties is V1JSONSchemaProps additional)
            {
                Check(child, additional, Join(path, name), errors);
            }
            else if (schema.Properties is not null && schema.XKubernetesPreserveUnknownFields != true)
            {
                errors.Add($"{Join(path, name)}: unknown field \"{name}\"");
            }
        }
    }

    private static void CheckArray(JsonNode value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (value is not JsonArray array)
        {
            errors.Add($"{path}: must be an array, got {Describe(value)}");
            return;
        }

        if (schema.MinItems is { } minItems && array.Count < minItems)
        {
            errors.Add($"{path}: must have at least {minItems} items");
        }

        if (schema.MaxItems is { } maxItems && array.Count > maxItems)
        {
            errors.Add($"{path}: must have at most {maxItems} items");
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (schema.Items is V1JSONSchemaProps items)
            {
                Check(array[i], items, $"{path}[{i}]", errors);
            }
        }

        if (schema.XKubernetesListType == "map" && schema.XKubernetesListMapKeys is { } keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in array.OfType<JsonObject>())
            {
                var key = string.Join("/", keys.Select(k => item[k]?.ToJsonString() ?? "null"));
                if (!seen.Add(key))
                {
                    errors.Add($"{path}: Duplicate value: {key}");
                }
            }
        }
    }

    private static void CheckString(JsonNode value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (Kind(value) != JsonValueKind.String)
        {
            errors.Add($"{path}: must be a string, got {Describe(value)}");
            return;
        }

        var text = value.GetValue<string>();
        CheckEnum(value, schema, path, errors);

        if (schema.MaxLength is { } maxLength && text.Length > maxLength)
        {
            errors.Add($"{path}: may not be more than {maxLength} characters");
        }

        if (schema.MinLength is { } minLength && text.Length < minLength)
        {
            errors.Add($"{path}: must be at least {minLength} characters");
        }

        if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: \"{text}\" does not match '{pattern}'");
        }

        if (schema.Format == "date-time" &&
            !DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{path}: \"{text}\" is not an RFC 3339 date-time");
        }
    }

    private static void CheckNumber(JsonNode value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (Kind(value) != JsonValueKind.Number)
        {
            errors.Add($"{path}: must be {(schema.Type == "integer" ? "an integer" : "a number")}, got {Describe(value)}");
            return;
        }

        var number = double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
        if (schema.Type == "integer" && (Math.Floor(number) != number || !long.TryParse(value.ToJsonString(), CultureInfo.InvariantCulture, out _)))
        {
            errors.Add($"{path}: must be an integer, got {value.ToJsonString()}");
            return;
        }

        if (schema.Format == "int32" && number is < int.MinValue or > int.MaxValue)
        {
            errors.Add($"{path}: {number} does not fit in int32");
        }

        CheckEnum(value, schema, path, errors);

        if (schema.Minimum is { } minimum && number < minimum)
        {
            errors.Add($"{path}: should be greater than or equal to {minimum}");
        }

        if (schema.Maximum is { } maximum && number > maximum)
        {
            errors.Add($"{path}: should be less than or equal to {maximum}");
        }
    }

    private static void CheckEnum(JsonNode value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (schema.EnumProperty is not { Count: > 0 } allowed)
        {
            return;
        }

        var json = value.ToJsonString();
        var supported = allowed.Select(a => JsonSerializer.Serialize(a)).ToList();
        if (!supported.Contains(json, StringComparer.Ordinal))
        {
            errors.Add($"{path}: Unsupported value: {json}: supported values: {string.Join(", ", supported)}");
        }
    }

    private static JsonValueKind Kind(JsonNode value) => value.GetValueKind();

    private static string Describe(JsonNode value) => Kind(value).ToString().ToLowerInvariant();

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
