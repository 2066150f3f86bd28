using System.Globalization;

namespace Backups.Operator.ApiServer.Security;

/// <summary>One line of a static token file (kube-apiserver's <c>--token-auth-file</c>): <c>token,user,uid,"group1,group2"</c>.</summary>
public sealed record StaticToken(string Token, UserInfo User)
{
    /// <summary>Parses a token file; blank lines and lines starting with # are skipped.</summary>
    public static IReadOnlyList<StaticToken> ParseFile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<StaticToken>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = SplitCsv(line);
            if (fields.Count < 3 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"token file line {lineNumber}: expected token,user,uid[,\"groups\"]"));
            }

            var groups = fields.Count > 3
                ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                : [];
            if (!groups.Contains(UserInfo.Authenticated))
            {
                groups.Add(UserInfo.Authenticated);
            }

            tokens.Add(new StaticToken(fields[0], new UserInfo(fields[1], groups)));
        }

        return tokens;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString().Trim());
        return fields;
    }
}
