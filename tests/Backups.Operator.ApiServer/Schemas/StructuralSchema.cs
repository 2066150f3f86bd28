using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Schemas.Cel;

namespace Backups.Operator.ApiServer.Schemas;

/// <summary>
/// A CRD version's <c>openAPIV3Schema</c>, compiled once: prunes unknown fields (reporting them for
/// <c>fieldValidation=Strict</c>), applies defaults, validates and evaluates <c>x-kubernetes-validations</c>.
/// </summary>
internal sealed class StructuralSchema
{
    private static readonly HashSet<string> ObjectMetaFields =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    private StructuralSchema(SchemaNode root, JsonObject source)
    {
        Root = root;
        Source = source;
    }

    public SchemaNode Root { get; }

    /// <summary>The schema as written in the CRD, for the OpenAPI documents.</summary>
    public JsonObject Source { get; }

    /// <summary>Compiles a schema; problems (unsupported CEL, bad patterns) are added to <paramref name="errors"/>.</summary>
    public static StructuralSchema Compile(JsonObject schema, string fieldPath, List<FieldError> errors) =>
        new(CompileNode(schema, fieldPath, errors), schema);

    /// <summary>Removes fields the schema does not know, and nulls it does not allow; returns their paths.</summary>
    public List<string> Prune(JsonObject value)
    {
        var unknown = new List<string>();
        if (value["metadata"] is JsonObject metadata)
        {
            foreach (var key in metadata.Select(p => p.Key).ToList())
            {
                if (!ObjectMetaFields.Contains(key))
                {
                    unknown.Add("metadata." + key);
                    metadata.Remove(key);
                }
            }
        }

        PruneObject(value, Root, string.Empty, unknown, isRoot: true);
        return unknown;
    }

    public void ApplyDefaults(JsonObject value) => Default(value, Root);

    public void Validate(JsonObject value, JsonObject? old, List<FieldError> errors)
    {
        foreach (var (name, child) in Root.Properties ?? new Dictionary<string, SchemaNode>())
        {
            if (name is "metadata" or "apiVersion" or "kind")
            {
                continue;
            }

            if (value.TryGetPropertyValue(name, out var node))
            {
                ValidateNode(node, old?[name], child, name, errors);
            }
        }

        foreach (var required in Root.Required)
        {
            if (!value.ContainsKey(required))
            {
                errors.Add(FieldError.Required(required));
            }
        }

        EvaluateRules(value, old, Root, string.Empty, errors);
    }

    private static SchemaNode CompileNode(JsonObject schema, string path, List<FieldError> errors)
    {
        Dictionary<string, SchemaNode>? properties = null;
        if (schema["properties"] is JsonObject props)
        {
            properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var (name, child) in props)
            {
                if (child is JsonObject childSchema)
                {
                    properties[name] = CompileNode(childSchema, $"{path}.properties[{name}]", errors);
                }
            }
        }

        Regex? pattern = null;
        var patternText = schema["pattern"]?.GetValue<string>();
        if (patternText is not null)
        {
            try
            {
                pattern = new Regex(patternText, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                errors.Add(FieldError.Invalid(path + ".pattern", Quote(patternText), e.Message));
            }
        }

        var rules = new List<ValidationRule>();
        if (schema["x-kubernetes-validations"] is JsonArray validations)
        {
            for (var i = 0; i < validations.Count; i++)
            {
                if (validations[i] is not JsonObject entry)
                {
                    continue;
                }

                var rule = entry["rule"]?.GetValue<string>() ?? string.Empty;
                var rulePath = $"{path}.x-kubernetes-validations[{i}]";
                if (entry["messageExpression"] is not null)
                {
                    errors.Add(FieldError.Invalid(rulePath + ".messageExpression", Quote(entry["messageExpression"]!.ToJsonString()), "messageExpression is not supported by this local API server"));
                }

                try
                {
                    rules.Add(new ValidationRule(rule, entry["message"]?.GetValue<string>(), entry["reason"]?.GetValue<string>(), entry["fieldPath"]?.GetValue<string>(), CelExpression.Compile(rule)));
                }
                catch (CelException e)
                {
                    errors.Add(FieldError.Invalid(rulePath + ".rule", Quote(rule), $"compilation failed: {e.Message} (this local API server supports a subset of CEL)"));
                }
            }
        }

        return new SchemaNode
        {
            Type = schema["type"]?.GetValue<string>(),
            Nullable = schema["nullable"]?.GetValue<bool>() ?? false,
            PreserveUnknownFields = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() ?? false,
            IntOrString = schema["x-kubernetes-int-or-string"]?.GetValue<bool>() ?? false,
            EmbeddedResource = schema["x-kubernetes-embedded-resource"]?.GetValue<bool>() ?? false,
            Properties = properties,
            AdditionalProperties = schema["additionalProperties"] is JsonObject additional ? CompileNode(additional, path + ".additionalProperties", errors) : null,
            Items = schema["items"] is JsonObject items ? CompileNode(items, path + ".items", errors) : null,
            Required = schema["required"] is JsonArray required ? [.. required.Select(r => r!.GetValue<string>())] : [],
            Enum = schema["enum"] as JsonArray,
            Default = schema["default"],
            Minimum = Number(schema["minimum"]),
            Maximum = Number(schema["maximum"]),
            ExclusiveMinimum = schema["exclusiveMinimum"]?.GetValue<bool>() ?? false,
            ExclusiveMaximum = schema["exclusiveMaximum"]?.GetValue<bool>() ?? false,
            MultipleOf = Number(schema["multipleOf"]),
            MinLength = Integer(schema["minLength"]),
            MaxLength = Integer(schema["maxLength"]),
            MinItems = Integer(schema["minItems"]),
            MaxItems = Integer(schema["maxItems"]),
            MinProperties = Integer(schema["minProperties"]),
            MaxProperties = Integer(schema["maxProperties"]),
            Pattern = pattern,
            PatternText = patternText,
            Format = schema["format"]?.GetValue<string>(),
            Rules = rules,
        };
    }

    private static double? Number(JsonNode? node) => node is JsonValue v ? v.GetValue<double>() : null;

    private static long? Integer(JsonNode? node) => node is JsonValue v ? (long)v.GetValue<double>() : null;

    private static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Display(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonObject => "\"object\"",
        JsonArray => "\"array\"",
        _ => value.ToJsonString(),
    };

    private static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool IsInteger(JsonValue value) => GoNumbers.IsInteger(value);

    private static void PruneObject(JsonObject value, SchemaNode schema, string path, List<string> unknown, bool isRoot)
    {
        if (schema.PreserveUnknownFields && schema.Properties is null)
        {
            return;
        }

        foreach (var key in value.Select(p => p.Key).ToList())
        {
            if ((isRoot || schema.EmbeddedResource) && key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            var node = value[key];
            SchemaNode? child = null;
            if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var property))
            {
                child = property;
            }
            else if (schema.AdditionalProperties is not null)
            {
                child = schema.AdditionalProperties;
            }

            if (child is null)
            {
                if (!schema.PreserveUnknownFields)
                {
                    unknown.Add(Child(path, key));
                    value.Remove(key);
                }

                continue;
            }

            if (node is null)
            {
                if (!child.Nullable)
                {
                    value.Remove(key);
                }

                continue;
            }

            PruneNode(node, child, Child(path, key), unknown);
        }
    }

    private static void PruneNode(JsonNode node, SchemaNode schema, string path, List<string> unknown)
    {
        switch (node)
        {
            case JsonObject o when schema.Properties is not null || schema.AdditionalProperties is not null || schema.Type == "object":
                PruneObject(o, schema, path, unknown, isRoot: false);
                break;
            case JsonArray a when schema.Items is not null:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } item)
                    {
                        PruneNode(item, schema.Items, $"{path}[{i}]", unknown);
                    }
                }

                break;
        }
    }

    private static void Default(JsonNode? node, SchemaNode schema)
    {
        switch (node)
        {
            case JsonObject o:
                if (schema.Properties is not null)
                {
                    foreach (var (name, child) in schema.Properties)
                    {
                        if (!o.ContainsKey(name) && child.Default is not null)
                        {
                            o[name] = child.Default.DeepClone();
                        }

                        if (o[name] is { } value)
                        {
                            Default(value, child);
                        }
                    }
                }
                else if (schema.AdditionalProperties is not null)
                {
                    foreach (var (_, value) in o.ToList())
                    {
                        Default(value, schema.AdditionalProperties);
                    }
                }

                break;
            case JsonArray a when schema.Items is not null:
                foreach (var item in a)
                {
                    Default(item, schema.Items);
                }

                break;
        }
    }

    private static void ValidateNode(JsonNode? value, JsonNode? old, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            if (!schema.Nullable)
            {
                errors.Add(FieldError.Invalid(path, "\"null\"", $"{path} in body must be of type {schema.Type ?? "object"}: \"null\""));
            }

            return;
        }

        var actual = TypeOf(value);
        if (!TypeMatches(schema, actual))
        {
            errors.Add(FieldError.TypeInvalid(path, Quote(actual), $"{path} in body must be of type {(schema.IntOrString ? "integer,string" : schema.Type)}: {Quote(actual)}"));
            return;
        }

        if (schema.Enum is not null && !schema.Enum.Any(e => JsonNode.DeepEquals(e, value)))
        {
            errors.Add(FieldError.NotSupported(path, Display(value), schema.Enum.Select(Display)));
        }

        switch (value)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                ValidateString(v.GetValue<string>(), schema, path, errors);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                ValidateNumber(v, schema, path, errors);
                break;
            case JsonArray a:
                if (schema.MaxItems is { } maxItems && a.Count > maxItems)
                {
                    errors.Add(FieldError.TooMany(path, a.Count, maxItems));
                }

                if (schema.MinItems is { } minItems && a.Count < minItems)
                {
                    errors.Add(FieldError.Invalid(path, Display(value), $"{path} in body should have at least {minItems} items"));
                }

                if (schema.Items is not null)
                {
                    for (var i = 0; i < a.Count; i++)
                    {
                        ValidateNode(a[i], null, schema.Items, $"{path}[{i}]", errors);
                    }
                }

                break;
            case JsonObject o:
                ValidateObject(o, old as JsonObject, schema, path, errors);
                break;
        }
    }

    private static bool TypeMatches(SchemaNode schema, string actual)
    {
        if (schema.IntOrString)
        {
            return actual is "integer" or "string";
        }

        return schema.Type switch
        {
            null => true,
            "number" => actual is "number" or "integer",
            var expected => expected == actual,
        };
    }

    private static void ValidateObject(JsonObject value, JsonObject? old, SchemaNode schema, string path, List<FieldError> errors)
    {
        foreach (var required in schema.Required)
        {
            if (!value.ContainsKey(required))
            {
                errors.Add(FieldError.Required(Child(path, required)));
            }
        }

        if (schema.MaxProperties is { } max && value.Count > max)
        {
            errors.Add(FieldError.TooMany(path, value.Count, max));
        }

        if (schema.MinProperties is { } min && value.Count < min)
        {
            errors.Add(FieldError.Invalid(path, "\"object\"", $"{path} in body should have at least {min} properties"));
        }

        foreach (var (key, child) in value)
        {
            if (schema.EmbeddedResource && key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            var childSchema = schema.Properties is not null && schema.Properties.TryGetValue(key, out var p) ? p : schema.AdditionalProperties;
            if (childSchema is not null)
            {
                ValidateNode(child, old?[key], childSchema, schema.Properties?.ContainsKey(key) == true ? Child(path, key) : $"{path}[{key}]", errors);
            }
        }
    }

    private static void ValidateString(string text, SchemaNode schema, string path, List<FieldError> errors)
    {
        var length = text.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldError.TooLong(path, max));
        }

        if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldError.Invalid(path, Quote(text), $"{path} in body should be at least {min} chars long"));
        }

        if (schema.Pattern is not null && !schema.Pattern.IsMatch(text))
        {
            errors.Add(FieldError.Invalid(path, Quote(text), $"{path} in body should match '{schema.PatternText}'"));
        }

        if (schema.Format is { } format && !FormatMatches(format, text))
        {
            errors.Add(FieldError.Invalid(path, Quote(text), $"{path} in body must be of type {format}: {Quote(text)}"));
        }
    }

    private static bool FormatMatches(string format, string text) => format switch
    {
        "date-time" => IsRfc3339DateTime(text),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "byte" => IsBase64(text),
        "uuid" => Guid.TryParse(text, out _),
        "int32" => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        "int64" => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ => true,
    };

    // RFC 3339 date-time as Kubernetes (go-openapi strfmt) accepts it: any number of fractional digits, Z or an offset.
    private static readonly Regex Rfc3339DateTime = new(
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
        RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static bool IsRfc3339DateTime(string text)
    {
        if (!Rfc3339DateTime.IsMatch(text))
        {
            return false;
        }

        // DateTimeOffset keeps at most 7 fractional digits; trim extra ones before checking the calendar values.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var digits = Math.Min(end - dot - 1, 7);
            text = string.Concat(text.AsSpan(0, dot + 1 + digits), text.AsSpan(end));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static void ValidateNumber(JsonValue value, SchemaNode schema, string path, List<FieldError> errors)
    {
        var number = value.GetValue<double>();
        var shown = GoNumbers.Display(value);
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? number >= max : number > max))
        {
            errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be less than {(schema.ExclusiveMaximum ? string.Empty : "or equal to ")}{Format(max)}"));
        }

        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? number <= min : number < min))
        {
            errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be greater than {(schema.ExclusiveMinimum ? string.Empty : "or equal to ")}{Format(min)}"));
        }

        if (schema.MultipleOf is { } multiple && multiple != 0 && Math.Abs(number / multiple - Math.Round(number / multiple)) > 1e-9)
        {
            errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be a multiple of {Format(multiple)}"));
        }

        if (schema.Format == "int32" && (number > int.MaxValue || number < int.MinValue))
        {
            errors.Add(FieldError.Invalid(path, shown, $"{path} in body must be of type int32: {Quote(shown)}"));
        }
    }

    private static string Format(double value) => GoNumbers.Format(value);

    private static void EvaluateRules(JsonNode? value, JsonNode? old, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            return;
        }

        foreach (var rule in schema.Rules)
        {
            if (rule.Expression.UsesOldSelf && old is null)
            {
                continue;
            }

            var field = rule.FieldPath is { Length: > 0 } fieldPath ? path + fieldPath : path;
            try
            {
                if (!rule.Expression.Evaluate(CelNode.FromJson(value), CelNode.FromJson(old)))
                {
                    var message = rule.Message ?? $"failed rule: {rule.Rule}";
                    errors.Add(new FieldError(field, rule.Reason ?? "FieldValueInvalid", $"Invalid value: {Quote(TypeOf(value))}: {message}"));
                }
            }
            catch (CelException e)
            {
                errors.Add(new FieldError(field, "FieldValueInvalid", $"Invalid value: {Quote(TypeOf(value))}: rule evaluation failed: {e.Message}: {rule.Rule}"));
            }
        }

        switch (value)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (path.Length == 0 && key is "metadata" or "apiVersion" or "kind")
                    {
                        continue;
                    }

                    var childSchema = schema.Properties is not null && schema.Properties.TryGetValue(key, out var p) ? p : schema.AdditionalProperties;
                    if (childSchema is not null)
                    {
                        EvaluateRules(child, (old as JsonObject)?[key], childSchema, Child(path, key), errors);
                    }
                }

                break;
            case JsonArray a when schema.Items is not null:
                for (var i = 0; i < a.Count; i++)
                {
                    EvaluateRules(a[i], null, schema.Items, $"{path}[{i}]", errors);
                }

                break;
        }
    }
}
