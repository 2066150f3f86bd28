using System.Globalization;
using System.Text;

namespace Backups.Operator.ApiServer.Schemas.Cel;

internal enum CelTokenKind
{
    Identifier,
    Integer,
    Double,
    String,
    Operator,
    End,
}

internal sealed record CelToken(CelTokenKind Kind, string Text, object? Value);

/// <summary>Splits a CEL expression into tokens.</summary>
internal static class CelLexer
{
    private static readonly string[] Operators =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%", "(", ")", "[", "]", ".", ",", "?", ":"];

    public static List<CelToken> Tokenize(string text)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new CelToken(CelTokenKind.Identifier, text[start..i], null));
                continue;
            }

            if (char.IsDigit(c))
            {
                var start = i;
                var isDouble = false;
                while (i < text.Length && (char.IsDigit(text[i]) || (text[i] == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1]))))
                {
                    isDouble |= text[i] == '.';
                    i++;
                }

                var literal = text[start..i];
                if (i < text.Length && text[i] is 'u' or 'U')
                {
                    i++;
                }

                tokens.Add(isDouble
                    ? new CelToken(CelTokenKind.Double, literal, double.Parse(literal, CultureInfo.InvariantCulture))
                    : new CelToken(CelTokenKind.Integer, literal, long.Parse(literal, CultureInfo.InvariantCulture)));
                continue;
            }

            if (c is '"' or '\'')
            {
                var builder = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                        builder.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                    }
                    else
                    {
                        builder.Append(text[i]);
                    }

                    i++;
                }

                if (i >= text.Length)
                {
                    throw new CelException("unterminated string literal");
                }

                i++;
                tokens.Add(new CelToken(CelTokenKind.String, builder.ToString(), builder.ToString()));
                continue;
            }

            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0);
            if (op is null)
            {
                throw new CelException($"unexpected character '{c}' at position {i}");
            }

            tokens.Add(new CelToken(CelTokenKind.Operator, op, null));
            i += op.Length;
        }

        tokens.Add(new CelToken(CelTokenKind.End, string.Empty, null));
        return tokens;
    }
}
