using System.Text.Json;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;

namespace Backups.Operator.ApiServer.Selectors;

/// <summary>
/// A field selector of <c>path=value</c>, <c>path==value</c>, <c>path!=value</c> terms. The real server allows
/// <c>metadata.name</c> and <c>metadata.namespace</c> everywhere plus a few per-kind fields; this one evaluates any
/// dotted path of scalars, which is a superset.
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string[] Path, string Value, bool Negate)> _terms;

    private FieldSelector(IReadOnlyList<(string[] Path, string Value, bool Negate)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEverything => _terms.Count == 0;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string[], string, bool)>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var negate = part.Contains("!=", StringComparison.Ordinal);
            var op = negate ? "!=" : part.Contains("==", StringComparison.Ordinal) ? "==" : "=";
            var index = part.IndexOf(op, StringComparison.Ordinal);
            if (index <= 0)
            {
                throw StatusObjects.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            }

            terms.Add((part[..index].Trim().Split('.'), part[(index + op.Length)..].Trim(), negate));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject value)
    {
        foreach (var (path, expected, negate) in _terms)
        {
            JsonNode? node = value;
            foreach (var segment in path)
            {
                node = node is JsonObject o ? o[segment] : null;
            }

            var actual = node switch
            {
                null => string.Empty,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => node.ToJsonString(),
            };
            if ((actual == expected) == negate)
            {
                return false;
            }
        }

        return true;
    }
}
