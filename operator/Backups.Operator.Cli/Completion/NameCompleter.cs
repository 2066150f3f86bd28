using System.CommandLine.Completions;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Commands;

namespace Backups.Operator.Cli.Completion;

/// <summary>
/// Completes resource names from the cluster, with the kubeconfig, context and namespace already typed on the line.
/// A shell waits for it, so it gives up quietly (no names) after a few seconds or on any cluster error.
/// </summary>
public sealed class NameCompleter(CliServices services, GlobalOptions global)
{
    /// <summary>How long a completion may ask the cluster.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public IEnumerable<CompletionItem> Policies(CompletionContext context) =>
        Complete(context, async (api, token) => (await api.ListPoliciesAsync(token).ConfigureAwait(false)).Select(p => p.Name));

    public IEnumerable<CompletionItem> Backups(CompletionContext context) =>
        Complete(context, async (api, token) => (await api.ListBackupsAsync(null, token).ConfigureAwait(false)).Select(b => b.Name));

    public IEnumerable<CompletionItem> Restores(CompletionContext context) =>
        Complete(context, async (api, token) => (await api.ListRestoresAsync(token).ConfigureAwait(false)).Select(r => r.Name));

    private List<CompletionItem> Complete(CompletionContext context, Func<IBackupsApi, CancellationToken, Task<IEnumerable<string>>> names)
    {
        ArgumentNullException.ThrowIfNull(context);
        IBackupsApi? api = null;
        try
        {
            using var budget = new CancellationTokenSource(Budget);
            var options = global.Read(context.ParseResult) with { RequestTimeout = Budget };
            api = services.Connect(options);
            var all = names(api, budget.Token).GetAwaiter().GetResult();
            var word = context.WordToComplete ?? string.Empty;
            return [.. all.Where(n => n.StartsWith(word, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).Select(n => new CompletionItem(n))];
        }
        catch (Exception e) when (e is CliException or OperationCanceledException or InvalidOperationException)
        {
            return [];
        }
        finally
        {
            (api as IDisposable)?.Dispose();
        }
    }
}
