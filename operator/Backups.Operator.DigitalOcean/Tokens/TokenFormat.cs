namespace Backups.Operator.DigitalOcean.Tokens;

/// <summary>
/// Whether a string can be sent as a DigitalOcean token at all: it travels in an <c>Authorization: Bearer</c> header, so it
/// must be non-empty printable ASCII without spaces (no NUL, line break, tab or other control character, no non-ASCII).
/// DigitalOcean's tokens (<c>dop_v1_</c> + hex) always are.
/// </summary>
public static class TokenFormat
{
    /// <summary>Why <paramref name="token"/> cannot be a token, or null when it can. The answer never contains the token.</summary>
    public static string? Problem(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "the token is empty";
        }

        foreach (var c in token)
        {
            if (c is '\r' or '\n')
            {
                return "the token contains a line break (only one token, on one line, may be stored)";
            }

            if (char.IsControl(c))
            {
                return $"the token contains the control character U+{(int)c:X4}";
            }

            if (c == ' ')
            {
                return "the token contains a space";
            }

            if (c > '~')
            {
                return "the token contains a non-ASCII character";
            }
        }

        return null;
    }
}
