using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Backups.Operator.ApiServer.Schemas.Cel;

/// <summary>The syntax tree of a compiled rule; evaluation works on JSON values (maps stay <see cref="JsonObject"/>).</summary>
internal abstract record CelNode
{
    public abstract object? Evaluate(CelScope scope);

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o,
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number => v.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    private static new bool Equals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (long x, long y) => x == y,
        (long or double, long or double) => Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equals(p.First, p.Second)),
        (JsonObject x, JsonObject y) => JsonNode.DeepEquals(x, y),
        _ => false,
    };

    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (long or double, long or double) => Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        _ => throw new CelException($"no such overload: comparison of {TypeName(a)} and {TypeName(b)}"),
    };

    private static string TypeName(object? value) => value switch
    {
        null => "null_type",
        long => "int",
        double => "double",
        string => "string",
        bool => "bool",
        List<object?> => "list",
        JsonObject => "map",
        _ => value.GetType().Name,
    };

    private static bool AsBool(object? value) => value is bool b ? b : throw new CelException($"no matching overload: expected bool, got {TypeName(value)}");

    public sealed record Literal(object? Value) : CelNode
    {
        public override object? Evaluate(CelScope scope) => Value;
    }

    public sealed record Variable(string Name) : CelNode
    {
        public override object? Evaluate(CelScope scope) => scope.Lookup(Name);
    }

    public sealed record Field(CelNode Target, string Name) : CelNode
    {
        public override object? Evaluate(CelScope scope) => Target.Evaluate(scope) switch
        {
            JsonObject o when o.TryGetPropertyValue(Name, out var value) => FromJson(value),
            JsonObject => throw new CelException($"no such key: {Name}"),
            var other => throw new CelException($"no such key: {Name} (on {TypeName(other)})"),
        };
    }

    public sealed record Has(Field Selection) : CelNode
    {
        public override object? Evaluate(CelScope scope) =>
            Selection.Target.Evaluate(scope) is JsonObject o && o.ContainsKey(Selection.Name);
    }

    public sealed record Index(CelNode Target, CelNode Key) : CelNode
    {
        public override object? Evaluate(CelScope scope)
        {
            var target = Target.Evaluate(scope);
            var key = Key.Evaluate(scope);
            return (target, key) switch
            {
                (List<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
                (List<object?>, long i) => throw new CelException($"index out of bounds: {i}"),
                (JsonObject o, string k) when o.TryGetPropertyValue(k, out var value) => FromJson(value),
                (JsonObject, string k) => throw new CelException($"no such key: {k}"),
                _ => throw new CelException($"no matching overload for index of {TypeName(target)} by {TypeName(key)}"),
            };
        }
    }

    public sealed record ListLiteral(IReadOnlyList<CelNode> Items) : CelNode
    {
        public override object? Evaluate(CelScope scope) => Items.Select(i => i.Evaluate(scope)).ToList();
    }

    public sealed record Not(CelNode Operand) : CelNode
    {
        public override object? Evaluate(CelScope scope) => !AsBool(Operand.Evaluate(scope));
    }

    public sealed record Logical(CelNode Left, CelNode Right, bool IsAnd) : CelNode
    {
        public override object? Evaluate(CelScope scope)
        {
            var left = AsBool(Left.Evaluate(scope));
            if (IsAnd ? !left : left)
            {
                return left;
            }

            return AsBool(Right.Evaluate(scope));
        }
    }

    public sealed record Conditional(CelNode Condition, CelNode WhenTrue, CelNode WhenFalse) : CelNode
    {
        public override object? Evaluate(CelScope scope) =>
            AsBool(Condition.Evaluate(scope)) ? WhenTrue.Evaluate(scope) : WhenFalse.Evaluate(scope);
    }

    public sealed record Quantifier(CelNode Target, string VariableName, CelNode Predicate, bool All) : CelNode
    {
        public override object? Evaluate(CelScope scope)
        {
            IEnumerable<object?> items = Target.Evaluate(scope) switch
            {
                List<object?> list => list,
                JsonObject map => map.Select(p => (object?)p.Key),
                var other => throw new CelException($"no matching overload: {(All ? "all" : "exists")} on {TypeName(other)}"),
            };
            foreach (var item in items)
            {
                var result = AsBool(Predicate.Evaluate(scope.With(VariableName, item)));
                if (All && !result)
                {
                    return false;
                }

                if (!All && result)
                {
                    return true;
                }
            }

            return All;
        }
    }

    public sealed record Binary(string Operator, CelNode Left, CelNode Right) : CelNode
    {
        public override object? Evaluate(CelScope scope)
        {
            var left = Left.Evaluate(scope);
            var right = Right.Evaluate(scope);
            return Operator switch
            {
                "==" => Equals(left, right),
                "!=" => !Equals(left, right),
                "<" => Compare(left, right) < 0,
                "<=" => Compare(left, right) <= 0,
                ">" => Compare(left, right) > 0,
                ">=" => Compare(left, right) >= 0,
                "in" => right switch
                {
                    List<object?> list => list.Any(item => Equals(item, left)),
                    JsonObject map when left is string key => map.ContainsKey(key),
                    _ => throw new CelException($"no matching overload for 'in' on {TypeName(right)}"),
                },
                "+" => (left, right) switch
                {
                    (long x, long y) => x + y,
                    (long or double, long or double) => Convert.ToDouble(left, CultureInfo.InvariantCulture) + Convert.ToDouble(right, CultureInfo.InvariantCulture),
                    (string x, string y) => x + y,
                    (List<object?> x, List<object?> y) => x.Concat(y).ToList(),
                    _ => throw new CelException($"no matching overload for '+' on {TypeName(left)} and {TypeName(right)}"),
                },
                _ => Arithmetic(Operator, left, right),
            };
        }

        private static object Arithmetic(string op, object? left, object? right)
        {
            if (left is long x && right is long y)
            {
                return op switch
                {
                    "-" => x - y,
                    "*" => x * y,
                    "/" => y == 0 ? throw new CelException("division by zero") : x / y,
                    "%" => y == 0 ? throw new CelException("modulus by zero") : x % y,
                    _ => throw new CelException($"unsupported operator {op}"),
                };
            }

            if (left is long or double && right is long or double)
            {
                var a = Convert.ToDouble(left, CultureInfo.InvariantCulture);
                var b = Convert.ToDouble(right, CultureInfo.InvariantCulture);
                return op switch
                {
                    "-" => a - b,
                    "*" => a * b,
                    "/" => a / b,
                    _ => throw new CelException($"no matching overload for '{op}' on double"),
                };
            }

            throw new CelException($"no matching overload for '{op}' on {TypeName(left)} and {TypeName(right)}");
        }
    }

    public sealed record Call(string Function, IReadOnlyList<CelNode> Arguments) : CelNode
    {
        public override object? Evaluate(CelScope scope)
        {
            var args = Arguments.Select(a => a.Evaluate(scope)).ToArray();
            return (Function, args) switch
            {
                ("size", [string s]) => (long)s.EnumerateRunes().Count(),
                ("size", [List<object?> l]) => (long)l.Count,
                ("size", [JsonObject o]) => (long)o.Count,
                ("int", [long l]) => l,
                ("int", [double d]) => (long)d,
                ("int", [string s]) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new CelException($"cannot convert '{s}' to int"),
                ("double", [long l]) => (double)l,
                ("double", [double d]) => d,
                ("string", [var v]) => v switch
                {
                    string s => s,
                    bool b => b ? "true" : "false",
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    double d => d.ToString(CultureInfo.InvariantCulture),
                    _ => throw new CelException($"cannot convert {TypeName(v)} to string"),
                },
                ("startsWith", [string s, string p]) => s.StartsWith(p, StringComparison.Ordinal),
                ("endsWith", [string s, string p]) => s.EndsWith(p, StringComparison.Ordinal),
                ("contains", [string s, string p]) => s.Contains(p, StringComparison.Ordinal),
                ("matches", [string s, string p]) => Regex.IsMatch(s, p, RegexOptions.None, TimeSpan.FromSeconds(1)),
                ("lowerAscii", [string s]) => s.ToLowerInvariant(),
                ("upperAscii", [string s]) => s.ToUpperInvariant(),
                _ => throw new CelException($"no matching overload for '{Function}' with ({string.Join(", ", args.Select(TypeName))})"),
            };
        }
    }
}
