using Backups.Operator.Cli.Commands;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Cli.Tests.TestSupport;

/// <summary>The plugin's command tree on a <see cref="FakeBackupsApi"/>, with captured stdout/stderr, typed input and a fake clock.</summary>
public sealed class CliHarness
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public CliHarness(string input = "", bool interactive = false)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var terminal = new Cli.Terminal.Terminal(
            Cli.Terminal.Terminal.Create(_out, colors: false, interactive: false),
            Cli.Terminal.Terminal.Create(_err, colors: false, interactive: false),
            new StringReader(input), interactive);
        App = new CliApp(new CliServices(terminal, Time, new Dictionary<string, string?>(), options =>
        {
            LastOptions = options;
            return Api;
        }));
    }

    public FakeBackupsApi Api { get; } = new();

    public FakeTimeProvider Time { get; }

    public CliApp App { get; }

    /// <summary>The connection flags of the last command.</summary>
    public Backups.Operator.Cli.Cluster.ClusterOptions? LastOptions { get; private set; }

    public string Output => _out.ToString();

    public string Error => _err.ToString();

    public Task<int> RunAsync(params string[] args) => App.RunAsync(args, CancellationToken.None);
}
