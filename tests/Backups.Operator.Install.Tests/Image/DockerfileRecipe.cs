using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backups.Operator.Install.Tests.Image;

/// <summary>
/// What the Dockerfile does for one image target, read from the file itself: the <c>dotnet restore/publish</c> commands
/// of the build stage for the project, and the final stage's ENV, USER, WORKDIR and ENTRYPOINT.
/// </summary>
internal sealed partial record DockerfileRecipe(
    IReadOnlyList<string[]> BuildCommands,
    string PublishDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string User,
    string WorkingDirectory,
    IReadOnlyList<string> Entrypoint)
{
    public static DockerfileRecipe Read(string dockerfile, string target, string project)
    {
        // Join continuation lines, drop comments.
        var text = File.ReadAllText(dockerfile).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var commands = new List<string[]>();
        string? publishDirectory = null;
        foreach (var line in lines.Where(l => l.StartsWith("RUN ", StringComparison.Ordinal)))
        {
            foreach (var command in line[4..].Split("&&").Select(c => c.Trim()))
            {
                var words = Words(command).Where(w => !w.StartsWith("--mount=", StringComparison.Ordinal)).ToArray();
                if (words.Length > 2 && words[0] == "dotnet" && words[1] is "restore" or "publish" && words.Contains(project))
                {
                    commands.Add(words);
                    if (words[1] == "publish")
                    {
                        publishDirectory = words[Array.IndexOf(words, "-o") + 1];
                    }
                }
            }
        }

        var stage = lines.SkipWhile(l => !Regex.IsMatch(l, $@"^FROM .* AS {Regex.Escape(target)}$", RegexOptions.IgnoreCase)).Skip(1)
            .TakeWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in stage.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match pair in EnvPair().Matches(line[4..]))
            {
                environment[pair.Groups[1].Value] = pair.Groups[2].Value;
            }
        }

        return new DockerfileRecipe(
            commands,
            publishDirectory ?? throw new InvalidOperationException($"no dotnet publish of {project} in {dockerfile}"),
            environment,
            stage.Single(l => l.StartsWith("USER ", StringComparison.Ordinal))[5..].Trim(),
            stage.Single(l => l.StartsWith("WORKDIR ", StringComparison.Ordinal))[8..].Trim(),
            JsonSerializer.Deserialize<string[]>(stage.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))[11..])!);
    }

    private static IEnumerable<string> Words(string command) => command.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex EnvPair();
}
