using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Backups.Operator.Monitoring.Tests.Rules;

/// <summary>One alerting rule of a Prometheus rules file.</summary>
internal sealed record AlertRule(string Group, string Name, string Expression, string? For, IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>
/// A Prometheus rules file (<c>groups: [{name, rules: [...]}]</c>) read with YamlDotNet, and the two test copies made
/// from the shipped file: <see cref="WithoutAnnotations"/> (for promtool's unit tests, whose expected alerts would
/// otherwise have to repeat every annotation) and <see cref="Shortened"/> (for the end-to-end test: every duration of
/// <c>for:</c>, of a range selector <c>[10m]</c> and of an <c>offset</c> divided by a factor; nothing else changes).
/// </summary>
internal sealed partial class RuleFile
{
    private readonly YamlStream _yaml;

    private RuleFile(YamlStream yaml) => _yaml = yaml;

    public static RuleFile Parse(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return new RuleFile(yaml);
    }

    public static RuleFile Load(string path) => Parse(File.ReadAllText(path));

    private YamlMappingNode Root => (YamlMappingNode)_yaml.Documents[0].RootNode;

    private IEnumerable<(string Group, YamlMappingNode Rule)> RuleNodes =>
        ((YamlSequenceNode)Root["groups"]).Children.Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Children.Cast<YamlMappingNode>().Select(r => (Scalar(g, "name")!, r)));

    /// <summary>The alerting rules, in file order.</summary>
    public IReadOnlyList<AlertRule> Alerts => RuleNodes
        .Where(r => Scalar(r.Rule, "alert") is not null)
        .Select(r => new AlertRule(r.Group, Scalar(r.Rule, "alert")!, Scalar(r.Rule, "expr")!, Scalar(r.Rule, "for"), Map(r.Rule, "labels"),
            Map(r.Rule, "annotations")))
        .ToList();

    /// <summary>The same rules without their annotations.</summary>
    public RuleFile WithoutAnnotations()
    {
        var copy = Parse(ToYaml());
        foreach (var (_, rule) in copy.RuleNodes)
        {
            rule.Children.Remove(new YamlScalarNode("annotations"));
        }

        return copy;
    }

    /// <summary>The same rules with every <c>for</c>, range and offset duration divided by <paramref name="divisor"/> (at least 1 s).</summary>
    public RuleFile Shortened(int divisor)
    {
        var copy = Parse(ToYaml());
        foreach (var (_, rule) in copy.RuleNodes)
        {
            if (Scalar(rule, "for") is { } duration)
            {
                rule.Children[new YamlScalarNode("for")] = new YamlScalarNode(Divide(duration, divisor));
            }

            var expression = Scalar(rule, "expr")!;
            expression = RangePattern().Replace(expression, m => $"[{Divide(m.Groups[1].Value, divisor)}]");
            expression = OffsetPattern().Replace(expression, m => $"offset {Divide(m.Groups[1].Value, divisor)}");
            rule.Children[new YamlScalarNode("expr")] = new YamlScalarNode(expression);
        }

        return copy;
    }

    public string ToYaml()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        _yaml.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>A Prometheus duration (<c>90s</c>, <c>5m</c>, <c>1h</c>, <c>2d</c>) in seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a single-unit Prometheus duration.");
        }

        var value = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromDays(value),
        };
    }

    private static string Divide(string duration, int divisor) =>
        $"{Math.Max(1, (int)Math.Round(ParseDuration(duration).TotalSeconds / divisor))}s";

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static Dictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? string.Empty)
            : [];

    [GeneratedRegex(@"^([0-9]+)([smhd])$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"\[([0-9]+[smhd])\]")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"offset ([0-9]+[smhd])")]
    private static partial Regex OffsetPattern();
}
