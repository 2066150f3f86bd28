namespace Backups.Operator.ApiServer.Schemas.Cel;

/// <summary>
/// A compiled rule of the CEL subset this server evaluates: literals, <c>self</c>/<c>oldSelf</c>, field and index
/// access, <c>has()</c>, <c>size()</c>, comparisons, arithmetic, <c>in</c>, <c>!</c>/<c>&amp;&amp;</c>/<c>||</c>,
/// <c>?:</c>, string <c>startsWith/endsWith/contains/matches</c>, list <c>all/exists</c>. Anything else fails to compile.
/// </summary>
internal sealed class CelExpression
{
    private readonly CelNode _root;

    private CelExpression(CelNode root, bool usesOldSelf)
    {
        _root = root;
        UsesOldSelf = usesOldSelf;
    }

    public bool UsesOldSelf { get; }

    public static CelExpression Compile(string rule)
    {
        var parser = new CelParser(CelLexer.Tokenize(rule));
        var root = parser.ParseAll();
        return new CelExpression(root, parser.UsesOldSelf);
    }

    /// <summary>Evaluates to true/false; a runtime error (missing key, wrong types) is a <see cref="CelException"/>.</summary>
    public bool Evaluate(object? self, object? oldSelf)
    {
        var scope = new CelScope(null, "self", self).With("oldSelf", oldSelf);
        return _root.Evaluate(scope) is bool b ? b : throw new CelException("rule did not evaluate to a bool");
    }
}

/// <summary>Variable bindings during evaluation.</summary>
internal sealed class CelScope(CelScope? parent, string name, object? value)
{
    public CelScope With(string variable, object? bound) => new(this, variable, bound);

    public object? Lookup(string variable)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.Name == variable)
            {
                return scope.Value;
            }
        }

        throw new CelException($"undeclared reference to '{variable}'");
    }

    private CelScope? Parent => parent;

    private string Name => name;

    private object? Value => value;
}
