using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Tables;

/// <summary>
/// The JSONPath subset printer columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*]</c>, <c>.a['key']</c> and
/// filters <c>[?(@.type=="Ready")]</c>. Anything else is rejected when the CRD is created.
/// </summary>
internal sealed class SimpleJsonPath
{
    private readonly IReadOnlyList<Step> _steps;

    private SimpleJsonPath(IReadOnlyList<Step> steps) => _steps = steps;

    public static SimpleJsonPath Parse(string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                var start = i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                if (i == start)
                {
                    throw new FormatException($"empty field name in JSONPath '{path}'");
                }

                steps.Add(new Step(StepKind.Field, text[start..i], null, null));
            }
            else if (text[i] == '[')
            {
                var end = FindClosingBracket(text, i, path);
                steps.Add(ParseBracket(text[(i + 1)..end].Trim(), path));
                i = end + 1;
            }
            else
            {
                throw new FormatException($"unsupported JSONPath '{path}' at position {i}");
            }
        }

        return new SimpleJsonPath(steps);
    }

    public JsonNode? FirstMatch(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step.Apply);
        }

        return current.FirstOrDefault(n => n is not null);
    }

    private static int FindClosingBracket(string text, int open, string path)
    {
        var quote = '\0';
        for (var j = open + 1; j < text.Length; j++)
        {
            var c = text[j];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return j;
            }
        }

        throw new FormatException($"unterminated '[' in JSONPath '{path}'");
    }

    private static Step ParseBracket(string inner, string path)
    {
        if (inner == "*")
        {
            return new Step(StepKind.All, null, null, null);
        }

        if (int.TryParse(inner, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            return new Step(StepKind.Index, null, index, null);
        }

        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            return new Step(StepKind.Field, inner[1..^1], null, null);
        }

        if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var condition = inner[4..^1];
            var eq = condition.IndexOf("==", StringComparison.Ordinal);
            if (eq > 0)
            {
                var field = condition[..eq].Trim();
                var literal = condition[(eq + 2)..].Trim();
                if (literal.Length >= 2 && literal[0] is '\'' or '"' && literal[^1] == literal[0])
                {
                    return new Step(StepKind.Filter, field, null, literal[1..^1]);
                }
            }
        }

        throw new FormatException($"unsupported JSONPath expression '[{inner}]' in '{path}'");
    }

    private enum StepKind
    {
        Field,
        Index,
        All,
        Filter,
    }

    private sealed record Step(StepKind Kind, string? Field, int? Index, string? Expected)
    {
        public IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            switch (Kind)
            {
                case StepKind.Field:
                    if (node is JsonObject o && o.TryGetPropertyValue(Field!, out var child))
                    {
                        yield return child;
                    }

                    break;
                case StepKind.Index:
                    if (node is JsonArray a)
                    {
                        var i = Index!.Value < 0 ? a.Count + Index.Value : Index.Value;
                        if (i >= 0 && i < a.Count)
                        {
                            yield return a[i];
                        }
                    }

                    break;
                case StepKind.All:
                    if (node is JsonArray all)
                    {
                        foreach (var item in all)
                        {
                            yield return item;
                        }
                    }
                    else if (node is JsonObject map)
                    {
                        foreach (var (_, value) in map)
                        {
                            yield return value;
                        }
                    }

                    break;
                case StepKind.Filter:
                    if (node is JsonArray items)
                    {
                        foreach (var item in items)
                        {
                            if (item is JsonObject candidate && candidate[Field!] is JsonValue v && ScalarText(v) == Expected)
                            {
                                yield return item;
                            }
                        }
                    }

                    break;
            }
        }

        private static string ScalarText(JsonValue value) => value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : value.ToJsonString();
    }
}
