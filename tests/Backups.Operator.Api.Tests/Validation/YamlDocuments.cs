using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Backups.Operator.Api.Tests.Validation;

/// <summary>
/// Reads YAML documents into JSON the way kubectl does (sigs.k8s.io/yaml on go-yaml): plain scalars resolve to
/// null, booleans (including YAML 1.1's yes/no/on/off), integers and floats; quoted scalars stay strings.
/// </summary>
internal static partial class YamlDocuments
{
    /// <summary>Every non-empty document of <paramref name="yaml"/> as a JSON node.</summary>
    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => ToJson(d.RootNode)).Where(n => n is not null)];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => ToScalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start} is not supported."),
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text : throw new YamlException(key.Start, key.End, "Mapping keys must be strings.");
            if (result.ContainsKey(name))
            {
                throw new YamlException(key.Start, key.End, $"Duplicate key '{name}'.");
            }

            result[name] = ToJson(value);
        }

        return result;
    }

    private static JsonNode? ToScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag is { IsGlobal: true, Value: "tag:yaml.org,2002:str" })
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (Booleans.TryGetValue(text, out var boolean))
        {
            return JsonValue.Create(boolean);
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal)
    {
        ["true"] = true, ["True"] = true, ["TRUE"] = true, ["yes"] = true, ["Yes"] = true, ["YES"] = true,
        ["on"] = true, ["On"] = true, ["ON"] = true, ["y"] = true, ["Y"] = true,
        ["false"] = false, ["False"] = false, ["FALSE"] = false, ["no"] = false, ["No"] = false, ["NO"] = false,
        ["off"] = false, ["Off"] = false, ["OFF"] = false, ["n"] = false, ["N"] = false,
    };

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
