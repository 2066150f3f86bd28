namespace Backups.Operator.Corpus;

/// <summary>
/// One file of <c>Cases/&lt;kind&gt;/</c>: a header of <c># key: value</c> comment lines, then the manifest(s) as YAML
/// documents (so the file itself can be applied with kubectl). Header keys:
/// <c>expect</c> — <c>refused</c> (the API refuses it; <c>field</c> is what the error must name), <c>status</c> (accepted, and
/// <c>object</c> (Kind/name) ends with a status <c>reason</c>, alternatives separated by <c>|</c>, and a message) or
/// <c>gone</c> (<c>object</c> is deleted); <c>secret</c> — the namespace's token Secret <c>do-token</c>: valid (default),
/// none, wrong-key, empty, newline, bogus; <c>then</c> — a kubectl delete run after the apply (e.g. <c>delete secret/do-token</c>);
/// <c>nudge</c> — a Backup created after <c>then</c> so the policy reconciles; <c>known-failure</c> — why this case does not
/// hold yet (reported, not failed). Placeholders: <c>${DROPLET}</c> a droplet of the namespace's own, <c>${OTHER_TENANT_DROPLET}</c>.
/// </summary>
public sealed record CorpusCase(string Kind, string Name, string Path, IReadOnlyDictionary<string, string> Header, string Body)
{
    public string Expect => Header.GetValueOrDefault("expect", "refused");

    public string Field => Header.GetValueOrDefault("field", string.Empty);

    public string? Object => Header.GetValueOrDefault("object");

    public IReadOnlyList<string> Reasons => Header.GetValueOrDefault("reason", string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string Secret => Header.GetValueOrDefault("secret", "valid");

    public string? Then => Header.GetValueOrDefault("then");

    public string? Nudge => Header.GetValueOrDefault("nudge");

    public string? KnownFailure => Header.GetValueOrDefault("known-failure");

    public string Id => $"{Kind}/{Name}";

    /// <summary>Every case under <paramref name="root"/>, ordered by kind and name.</summary>
    public static IReadOnlyList<CorpusCase> LoadAll(string root) =>
        Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();

    public static CorpusCase Load(string path)
    {
        var text = File.ReadAllText(path);
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith('#'))
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 1)
            {
                header[line[1..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new CorpusCase(System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path)!), System.IO.Path.GetFileNameWithoutExtension(path), path, header, text);
    }
}
