namespace Backups.Operator.ApiServer.Schemas.Cel;

/// <summary>Recursive-descent parser for the supported CEL subset.</summary>
internal sealed class CelParser(List<CelToken> tokens)
{
    private readonly HashSet<string> _variables = ["self", "oldSelf"];
    private int _position;

    public bool UsesOldSelf { get; private set; }

    public CelNode ParseAll()
    {
        var node = Ternary();
        if (Peek.Kind != CelTokenKind.End)
        {
            throw new CelException($"unexpected '{Peek.Text}'");
        }

        return node;
    }

    private CelToken Peek => tokens[_position];

    private bool IsOperator(string op) => Peek.Kind == CelTokenKind.Operator && Peek.Text == op;

    private void Expect(string op)
    {
        if (!IsOperator(op))
        {
            throw new CelException($"expected '{op}' but found '{Peek.Text}'");
        }

        _position++;
    }

    private CelNode Ternary()
    {
        var condition = Or();
        if (!IsOperator("?"))
        {
            return condition;
        }

        _position++;
        var whenTrue = Ternary();
        Expect(":");
        var whenFalse = Ternary();
        return new CelNode.Conditional(condition, whenTrue, whenFalse);
    }

    private CelNode Or()
    {
        var left = And();
        while (IsOperator("||"))
        {
            _position++;
            left = new CelNode.Logical(left, And(), IsAnd: false);
        }

        return left;
    }

    private CelNode And()
    {
        var left = Relation();
        while (IsOperator("&&"))
        {
            _position++;
            left = new CelNode.Logical(left, Relation(), IsAnd: true);
        }

        return left;
    }

    private CelNode Relation()
    {
        var left = Additive();
        while (true)
        {
            if (Peek.Kind == CelTokenKind.Operator && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                var op = Peek.Text;
                _position++;
                left = new CelNode.Binary(op, left, Additive());
            }
            else if (Peek.Kind == CelTokenKind.Identifier && Peek.Text == "in")
            {
                _position++;
                left = new CelNode.Binary("in", left, Additive());
            }
            else
            {
                return left;
            }
        }
    }

    private CelNode Additive()
    {
        var left = Multiplicative();
        while (Peek.Kind == CelTokenKind.Operator && Peek.Text is "+" or "-")
        {
            var op = Peek.Text;
            _position++;
            left = new CelNode.Binary(op, left, Multiplicative());
        }

        return left;
    }

    private CelNode Multiplicative()
    {
        var left = Unary();
        while (Peek.Kind == CelTokenKind.Operator && Peek.Text is "*" or "/" or "%")
        {
            var op = Peek.Text;
            _position++;
            left = new CelNode.Binary(op, left, Unary());
        }

        return left;
    }

    private CelNode Unary()
    {
        if (IsOperator("!"))
        {
            _position++;
            return new CelNode.Not(Unary());
        }

        if (IsOperator("-"))
        {
            _position++;
            return new CelNode.Binary("-", new CelNode.Literal(0L), Unary());
        }

        return Member();
    }

    private CelNode Member()
    {
        var node = Primary();
        while (true)
        {
            if (IsOperator("."))
            {
                _position++;
                if (Peek.Kind != CelTokenKind.Identifier)
                {
                    throw new CelException($"expected a field name after '.' but found '{Peek.Text}'");
                }

                var name = Peek.Text;
                _position++;
                node = IsOperator("(") ? Method(node, name) : new CelNode.Field(node, name);
            }
            else if (IsOperator("["))
            {
                _position++;
                var index = Ternary();
                Expect("]");
                node = new CelNode.Index(node, index);
            }
            else
            {
                return node;
            }
        }
    }

    private CelNode Method(CelNode target, string name)
    {
        Expect("(");
        if (name is "all" or "exists")
        {
            if (Peek.Kind != CelTokenKind.Identifier)
            {
                throw new CelException($"{name}() needs a variable name");
            }

            var variable = Peek.Text;
            _position++;
            Expect(",");
            var added = _variables.Add(variable);
            var predicate = Ternary();
            if (added)
            {
                _variables.Remove(variable);
            }

            Expect(")");
            return new CelNode.Quantifier(target, variable, predicate, All: name == "all");
        }

        var arguments = Arguments();
        if (name is not ("size" or "startsWith" or "endsWith" or "contains" or "matches" or "lowerAscii" or "upperAscii"))
        {
            throw new CelException($"function '{name}' is not supported by this API server");
        }

        return new CelNode.Call(name, [target, .. arguments]);
    }

    private List<CelNode> Arguments()
    {
        var arguments = new List<CelNode>();
        if (!IsOperator(")"))
        {
            arguments.Add(Ternary());
            while (IsOperator(","))
            {
                _position++;
                arguments.Add(Ternary());
            }
        }

        Expect(")");
        return arguments;
    }

    private CelNode Primary()
    {
        var token = Peek;
        _position++;
        switch (token.Kind)
        {
            case CelTokenKind.Integer:
            case CelTokenKind.Double:
            case CelTokenKind.String:
                return new CelNode.Literal(token.Value);
            case CelTokenKind.Identifier:
                switch (token.Text)
                {
                    case "true":
                        return new CelNode.Literal(true);
                    case "false":
                        return new CelNode.Literal(false);
                    case "null":
                        return new CelNode.Literal(null);
                    case "has":
                    {
                        Expect("(");
                        var argument = Member();
                        Expect(")");
                        return argument is CelNode.Field field
                            ? new CelNode.Has(field)
                            : throw new CelException("has() needs a field selection argument");
                    }

                    case "size" or "int" or "double" or "string":
                        if (!IsOperator("("))
                        {
                            break;
                        }

                        _position++;
                        return new CelNode.Call(token.Text, Arguments());
                }

                if (IsOperator("("))
                {
                    throw new CelException($"function '{token.Text}' is not supported by this API server");
                }

                if (!_variables.Contains(token.Text))
                {
                    throw new CelException($"undeclared reference to '{token.Text}'");
                }

                UsesOldSelf |= token.Text == "oldSelf";
                return new CelNode.Variable(token.Text);
            case CelTokenKind.Operator when token.Text == "(":
            {
                var inner = Ternary();
                Expect(")");
                return inner;
            }

            case CelTokenKind.Operator when token.Text == "[":
            {
                var items = new List<CelNode>();
                if (!IsOperator("]"))
                {
                    items.Add(Ternary());
                    while (IsOperator(","))
                    {
                        _position++;
                        items.Add(Ternary());
                    }
                }

                Expect("]");
                return new CelNode.ListLiteral(items);
            }

            default:
                throw new CelException($"unexpected '{token.Text}'");
        }
    }
}
